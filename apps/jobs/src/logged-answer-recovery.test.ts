// A worker that dies right after logging the provider's answer, before storing the conversation:
// the worker that takes the item over stores the conversation from the logged answer, so the item
// is called, and billed, once.
import {
  createPromptBatchWithItems,
  findBatchItem,
  findBatchPrompt,
  recountBatch,
} from "@parley/db";
import {
  type ConversationProvider,
  createAnthropicProvider,
  type GenerateOptions,
} from "@parley/generation";
import { createBatch } from "@parley/queue";
import { type RunningSimulator, startSimulator } from "@parley/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GenerateItemDeps, handleGenerateItem } from "./handlers/generate-item.ts";
import { expectOneLiveConversationPerItem } from "./test-support/batch-assertions.ts";
import { type BatchHarness, openBatchHarness } from "./test-support/batch-harness.ts";
import { waitFor } from "./test-support/batch-observer.ts";
import { handlerJob } from "./test-support/handler-jobs.ts";

let harness: BatchHarness;
let simulator: RunningSimulator;
let provider: ConversationProvider;

beforeAll(async () => {
  // No worker: the test runs the item's two jobs itself, one after the other.
  harness = await openBatchHarness();
  simulator = await startSimulator({ seed: 5, batchDelayMs: 0 });
  provider = createAnthropicProvider({ baseURL: simulator.url, simulated: true });
});
afterAll(async () => {
  await harness?.close();
  await simulator?.close();
});

const depsWith = (generator: ConversationProvider): GenerateItemDeps => ({
  db: harness.database.db,
  queue: harness.queue,
  provider: generator,
  simulated: true,
  log: () => {},
});

/**
 * The fault point: the answer's log row is written (onAttempt returned), then this worker never
 * runs another line, as if SIGKILLed there. `died` reports when that point is reached.
 */
function diesAfterLoggingTheAnswer() {
  let died = false;
  const dyingOptions = (options: GenerateOptions = {}): GenerateOptions => ({
    ...options,
    onAttempt: async (attempt) => {
      await options.onAttempt?.(attempt);
      if (attempt.status !== "succeeded") return;
      died = true;
      await new Promise<never>(() => {});
    },
  });
  const dying: ConversationProvider = {
    ...provider,
    generateConversation: (request, options) =>
      provider.generateConversation(request, dyingOptions(options)),
    answerPrompt: (request, options) => provider.answerPrompt(request, dyingOptions(options)),
  };
  return { provider: dying, died: () => died };
}

/** Counts the calls that reach the provider. */
function counting() {
  let calls = 0;
  const counted: ConversationProvider = {
    ...provider,
    generateConversation: (request, options) => {
      calls++;
      return provider.generateConversation(request, options);
    },
    answerPrompt: (request, options) => {
      calls++;
      return provider.answerPrompt(request, options);
    },
  };
  return { provider: counted, calls: () => calls };
}

describe("a worker killed between logging the answer and storing the conversation", () => {
  it("leaves the answer to the next worker, which stores it without calling the provider again", async () => {
    const { database, queue, workspaceId } = harness;
    const batch = await createBatch(database.db, queue, {
      workspaceId,
      input: { count: 1, seed: 4 },
      simulated: true,
    });
    const ref = { workspaceId, batchId: batch.id };
    const [item] = await database.db
      .selectFrom("batch_items")
      .select("id")
      .where("batchId", "=", batch.id)
      .execute();
    if (!item) throw new Error("the batch has no item");
    const payload = { ...ref, itemId: item.id };

    const killed = diesAfterLoggingTheAnswer();
    void handleGenerateItem(depsWith(killed.provider), handlerJob(payload, { retryCount: 0 }));
    await waitFor("the answer to be logged", async () => killed.died(), Boolean, 15_000);
    const billedBefore = simulator.stats.succeeded;

    // pg-boss hands the dead worker's job to the next one once its heartbeat stops.
    const next = counting();
    await handleGenerateItem(depsWith(next.provider), handlerJob(payload, { retryCount: 1 }));

    expect(next.calls()).toBe(0);
    expect(simulator.stats.succeeded).toBe(billedBefore);
    const stored = await findBatchItem(database.db, { workspaceId, itemId: item.id });
    expect(stored?.status).toBe("succeeded");
    await expectOneLiveConversationPerItem(database.db, ref, 1);
    const calls = await database.db
      .selectFrom("generation_logs")
      .select(["conversationId", "costUsd"])
      .where("batchItemId", "=", item.id)
      .where("purpose", "=", "generation")
      .where("status", "=", "succeeded")
      .execute();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.conversationId).toBe(stored?.conversationId);
    // Billed once: the conversation's cost is the one logged call's, and so is the batch's.
    const conversation = await database.db
      .selectFrom("conversations")
      .select("costUsd")
      .where("id", "=", stored?.conversationId ?? "")
      .executeTakeFirstOrThrow();
    expect(conversation.costUsd).toBeGreaterThan(0);
    expect(conversation.costUsd).toBe(calls[0]?.costUsd);
    const recount = await recountBatch(database.db, ref);
    expect(recount?.consistent).toBe(true);
    expect(recount?.actual.actualCostUsd).toBe(calls[0]?.costUsd);
    expect(recount?.actual.succeeded).toBe(1);
  });

  it("does the same for a prompts batch: the logged answer is the prompt's result, paid once", async () => {
    const { database, workspaceId } = harness;
    const batch = await createPromptBatchWithItems(database.db, {
      workspaceId,
      name: "Killed after the log",
      config: {},
      simulated: true,
      prompts: [{ prompt: "Answer me once", system: null, sourceId: null }],
    });
    const item = await database.db
      .selectFrom("batch_items")
      .select("id")
      .where("batchId", "=", batch.id)
      .executeTakeFirstOrThrow();
    const payload = { workspaceId, batchId: batch.id, itemId: item.id };

    const killed = diesAfterLoggingTheAnswer();
    void handleGenerateItem(depsWith(killed.provider), handlerJob(payload, { retryCount: 0 }));
    await waitFor("the answer to be logged", async () => killed.died(), Boolean, 15_000);
    const billedBefore = simulator.stats.succeeded;

    const next = counting();
    await handleGenerateItem(depsWith(next.provider), handlerJob(payload, { retryCount: 1 }));

    expect(next.calls()).toBe(0);
    expect(simulator.stats.succeeded).toBe(billedBefore);
    const stored = await findBatchPrompt(database.db, payload);
    expect(stored?.response).toContain('Simulated answer to "Answer me once"');
    const [log] = await database.db
      .selectFrom("generation_logs")
      .select("costUsd")
      .where("batchItemId", "=", item.id)
      .where("status", "=", "succeeded")
      .execute();
    expect(stored?.costUsd).toBeGreaterThan(0);
    expect(stored?.costUsd).toBe(log?.costUsd);
    const recount = await recountBatch(database.db, { workspaceId, batchId: batch.id });
    expect(recount?.consistent).toBe(true);
    expect(recount?.actual.succeeded).toBe(1);
  });
});

// A prompts batch through a real worker and the simulated API under faults: every prompt is
// answered and stored once, with its own or the batch's system prompt, the counters equal the
// items, and the batch is billed exactly its logged calls (failed attempts at $0); a job that runs
// again after its answer was stored sends nothing and stores nothing, and a claim another worker
// took over stores nothing.
import {
  completeBatchIfFinished,
  createPromptBatchWithItems,
  failItem,
  findBatch,
  findBatchItem,
  listPromptResults,
  markItemProcessing,
  type NewBatchPrompt,
  recountBatch,
} from "@parley/db";
import { type ConversationProvider, createAnthropicProvider } from "@parley/generation";
import { createPromptBatch, retryFailedItems } from "@parley/queue";
import { type RunningSimulator, startSimulator } from "@parley/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleGenerateItem } from "./handlers/generate-item.ts";
import { type BatchHarness, openBatchHarness } from "./test-support/batch-harness.ts";
import { isFinished, waitFor, waitForBatch } from "./test-support/batch-observer.ts";
import { handlerJob } from "./test-support/handler-jobs.ts";

let harness: BatchHarness;

beforeAll(async () => {
  harness = await openBatchHarness({
    // A third of the calls fail with a 500 or a 429 first: the provider retries them.
    simulatorEnv: { PARLEY_SIM_FAULTS: "500=0.2,429=0.15", PARLEY_SIM_SEED: "5" },
  });
});
afterAll(async () => {
  await harness?.close();
});

const PROMPTS = [
  { id: "q1", prompt: "What is a linked list?" },
  { id: "q2", prompt: "Explain recursion to a child.", system: "You teach young children." },
  { id: "q3", prompt: "Name three sorting algorithms." },
  { id: "q4", prompt: "Why do databases use indexes?" },
  { id: "q5", prompt: "What does HTTP 429 mean?" },
  { id: "q6", prompt: "Summarise the CAP theorem." },
  { id: "q7", prompt: "What is a closure in JavaScript?" },
  { id: "q8", prompt: "When is a hash map a poor choice?" },
];

/**
 * A one-prompt batch that is not enqueued: only the test's own handler runs touch its item.
 * Returns the item's job payload (workspace, batch and item ids).
 */
async function unqueuedPromptBatch(name: string, prompt: NewBatchPrompt, config = {}) {
  const { database, workspaceId } = harness;
  const batch = await createPromptBatchWithItems(database.db, {
    workspaceId,
    name,
    config,
    simulated: true,
    prompts: [prompt],
  });
  const item = await database.db
    .selectFrom("batch_items")
    .select("id")
    .where("batchId", "=", batch.id)
    .executeTakeFirstOrThrow();
  return { workspaceId, batchId: batch.id, itemId: item.id };
}

function logsOf(batchId: string) {
  return harness.database.db
    .selectFrom("generation_logs")
    .selectAll()
    .where("batchId", "=", batchId)
    .execute();
}

describe("a prompts batch on the worker", () => {
  it("answers every prompt once, bills each call once and keeps the counters exact", async () => {
    const { database, queue, workspaceId } = harness;
    const batch = await createPromptBatch(database.db, queue, {
      workspaceId,
      simulated: true,
      input: {
        source: {
          format: "jsonl",
          content: PROMPTS.map((prompt) => JSON.stringify(prompt)).join("\n"),
        },
        system: "Answer in plain English.",
        maxTokens: 300,
      },
    });
    expect(batch.kind).toBe("prompts");
    const ref = { workspaceId, batchId: batch.id };
    const done = await waitForBatch(database.db, ref, isFinished);

    expect(done.status).toBe("completed");
    expect(done.succeededItems).toBe(PROMPTS.length);
    expect((await recountBatch(database.db, ref))?.consistent).toBe(true);

    const { results, total } = await listPromptResults(database.db, {
      ...ref,
      page: 0,
      pageSize: 50,
    });
    expect(total).toBe(PROMPTS.length);
    results.forEach((result, index) => {
      const given = PROMPTS[index];
      expect(result.sourceId).toBe(given?.id);
      expect(result.status).toBe("succeeded");
      // The simulator names the prompt it answers: each answer is its own prompt's.
      expect(result.response).toContain(`Simulated answer to "${given?.prompt}"`);
      expect(result.inputTokens).toBeGreaterThan(0);
      expect(result.outputTokens).toBeGreaterThan(0);
      expect(result.durationMs).toBeGreaterThanOrEqual(0);
      expect(result.costUsd).toBeGreaterThan(0);
    });

    const logs = await logsOf(batch.id);
    const answered = logs.filter((log) => log.status === "succeeded");
    // One successful call per prompt; the faults made some attempts fail, billed nothing.
    expect(answered).toHaveLength(PROMPTS.length);
    expect(new Set(answered.map((log) => log.batchItemId)).size).toBe(PROMPTS.length);
    const failedAttempts = logs.filter((log) => log.status === "failed");
    expect(failedAttempts.length).toBeGreaterThan(0);
    expect(failedAttempts.every((log) => log.costUsd === 0)).toBe(true);
    expect(logs.every((log) => log.tier === null)).toBe(true);

    const answersCost = results.reduce((sum, result) => sum + (result.costUsd ?? 0), 0);
    const stored = await findBatch(database.db, ref);
    expect(stored?.actualCostUsd).toBeCloseTo(answersCost, 6);

    // Each prompt went out with its own system prompt, else the batch's.
    const systems = new Map(
      answered.map((log) => [
        (log.request as { messages: { content: string }[] }).messages[0]?.content,
        (log.request as { system?: string }).system,
      ]),
    );
    expect(systems.get("Explain recursion to a child.")).toBe("You teach young children.");
    expect(systems.get("What is a linked list?")).toBe("Answer in plain English.");
  });

  it("refuses Message Batches mode and a file with bad lines, storing nothing", async () => {
    const { database, queue, workspaceId } = harness;
    const before = await database.db
      .selectFrom("batch_jobs")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    await expect(
      createPromptBatch(database.db, queue, {
        workspaceId,
        simulated: true,
        input: { source: { format: "text", content: "Hello" }, mode: "message_batches" },
      }),
    ).rejects.toThrow(/real time only/);
    await expect(
      createPromptBatch(database.db, queue, {
        workspaceId,
        simulated: true,
        input: {
          source: { format: "jsonl", content: '{"prompt": "fine"}\n{"prompt": ""}\nnot json' },
        },
      }),
    ).rejects.toThrow(/2 lines .*line 2: "prompt" is empty; line 3: not valid JSON/);
    const after = await database.db
      .selectFrom("batch_jobs")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});

describe("retrying a prompts batch's failed prompts as a new batch", () => {
  it("answers the same prompts, with their own system prompts and ids", async () => {
    const { database, queue, workspaceId } = harness;
    // The test fails its one prompt by hand.
    const payload = await unqueuedPromptBatch(
      "to retry",
      { prompt: "Try me again", system: "Be kind.", sourceId: "again-1" },
      { maxTokens: 100 },
    );
    await markItemProcessing(database.db, payload);
    await failItem(database.db, { ...payload, error: "Overloaded" });
    const ref = { workspaceId, batchId: payload.batchId };
    await completeBatchIfFinished(database.db, ref);

    const retry = await retryFailedItems(database.db, queue, { ...ref, asNewBatch: true });
    expect(retry.kind).toBe("prompts");
    const retryRef = { workspaceId, batchId: retry.id };
    expect((await waitForBatch(database.db, retryRef, isFinished)).succeededItems).toBe(1);
    const [answered] = (await listPromptResults(database.db, { ...retryRef, page: 0, pageSize: 5 }))
      .results;
    expect(answered).toMatchObject({
      prompt: "Try me again",
      system: "Be kind.",
      sourceId: "again-1",
    });
    expect(answered?.response).toContain('Simulated answer to "Try me again"');
  });
});

describe("a prompts batch item whose job runs again", () => {
  let simulator: RunningSimulator;
  beforeAll(async () => {
    simulator = await startSimulator({ seed: 3, batchDelayMs: 0 });
  });
  afterAll(async () => {
    await simulator?.close();
  });

  it("is not sent or stored a second time once answered", async () => {
    const { database, queue, workspaceId } = harness;
    const provider = createAnthropicProvider({ baseURL: simulator.url, simulated: true });
    const deps = { db: database.db, queue, provider, simulated: true, log: () => {} };
    // This test's runs are the item's only jobs, one after the other.
    const payload = await unqueuedPromptBatch("redelivered", {
      prompt: "One question only",
      system: null,
      sourceId: null,
    });
    const ref = { workspaceId, batchId: payload.batchId };
    await handleGenerateItem(deps, handlerJob(payload, { retryCount: 0 }));
    expect((await findBatch(database.db, ref))?.status).toBe("completed");
    const firstAnswer = (await listPromptResults(database.db, { ...ref, page: 0, pageSize: 1 }))
      .results[0];
    // The job is delivered again (its worker died before pg-boss heard it finish).
    await handleGenerateItem(deps, handlerJob(payload, { retryCount: 1 }));

    const logs = await logsOf(payload.batchId);
    expect(logs.filter((log) => log.status === "succeeded")).toHaveLength(1);
    const again = (await listPromptResults(database.db, { ...ref, page: 0, pageSize: 1 }))
      .results[0];
    expect(again?.answeredAt).toEqual(firstAnswer?.answeredAt);
    expect(again?.response).toBe(firstAnswer?.response);
    const stored = await findBatch(database.db, ref);
    expect(stored?.succeededItems).toBe(1);
    expect(stored?.actualCostUsd).toBeCloseTo(firstAnswer?.costUsd ?? -1, 6);
    expect(
      (await findBatchItem(database.db, { workspaceId, itemId: payload.itemId }))?.status,
    ).toBe("succeeded");
  });

  it("stores nothing from a claim another worker took over while its call was under way", async () => {
    const { database, queue, workspaceId } = harness;
    const provider = createAnthropicProvider({ baseURL: simulator.url, simulated: true });
    /** Answers once opened; the stale one marks its answer so a stored one shows whose it is. */
    function gated(mark: string | null) {
      let open = () => {};
      const opened = new Promise<void>((resolve) => {
        open = resolve;
      });
      const answering: ConversationProvider = {
        ...provider,
        answerPrompt: async (request, options) => {
          await opened;
          const result = await provider.answerPrompt(request, options);
          return mark ? { ...result, answer: { ...result.answer, text: mark } } : result;
        },
      };
      return {
        open,
        deps: { db: database.db, queue, provider: answering, simulated: true, log: () => {} },
      };
    }
    const payload = await unqueuedPromptBatch("takeover", {
      prompt: "Who answers me?",
      system: null,
      sourceId: null,
    });
    const attempts = (n: number) =>
      waitFor(
        `claim ${n}`,
        () => findBatchItem(database.db, { workspaceId, itemId: payload.itemId }),
        (found) => (found?.attempts ?? 0) >= n,
      );
    const result = async () =>
      (await listPromptResults(database.db, { ...payload, page: 0, pageSize: 1 })).results[0];

    const stale = gated("STALE ANSWER");
    const first = handleGenerateItem(stale.deps, handlerJob(payload, { retryCount: 0 }));
    await attempts(1);
    // pg-boss hands the job to another worker while the first one's call is under way.
    const fresh = gated(null);
    const second = handleGenerateItem(fresh.deps, handlerJob(payload, { retryCount: 1 }));
    await attempts(2);
    // The first call returns first: its claim is gone, so its answer is not stored.
    stale.open();
    await first;
    expect((await result())?.answeredAt).toBeNull();
    expect((await result())?.status).toBe("processing");
    fresh.open();
    await second;

    const stored = await result();
    expect(stored?.status).toBe("succeeded");
    expect(stored?.response).toContain('Simulated answer to "Who answers me?"');
    const done = await findBatch(database.db, payload);
    expect(done?.succeededItems).toBe(1);
    expect((await recountBatch(database.db, payload))?.consistent).toBe(true);
  });
});

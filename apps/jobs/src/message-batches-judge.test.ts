// The LLM judge in Message Batches mode: each result is judged in real time before it is
// stored, the judge's cost is the conversation's, and a worker that dies between a judge call
// and the store neither loses the conversation nor stores it twice.
import { findBatch, listProviderBatches } from "@parley/db";
import {
  type ConversationProvider,
  computeCostUsd,
  createAnthropicProvider,
} from "@parley/generation";
import { createBatch } from "@parley/queue";
import { type RunningSimulator, startSimulator } from "@parley/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handlePollMessageBatch } from "./handlers/poll-message-batch.ts";
import { handleSubmitMessageBatch } from "./handlers/submit-message-batch.ts";
import { expectOneLiveConversationPerItem } from "./test-support/batch-assertions.ts";
import { type BatchHarness, openBatchHarness } from "./test-support/batch-harness.ts";
import { isFinished, waitForBatch } from "./test-support/batch-observer.ts";
import { handlerJob, messageBatchDeps } from "./test-support/handler-jobs.ts";

type Harness = BatchHarness;

function generationLogs(harness: Harness, batchId: string) {
  return harness.database.db
    .selectFrom("generation_logs")
    .selectAll()
    .where("batchId", "=", batchId)
    .execute();
}

function conversationsOf(harness: Harness, batchId: string) {
  return harness.database.db
    .selectFrom("conversations")
    .select(["id", "batchItemId", "costUsd", "qualityMetrics"])
    .where("batchId", "=", batchId)
    .where("status", "<>", "archived")
    .execute();
}

type Log = Awaited<ReturnType<typeof generationLogs>>[number];
const realtimePrice = (log: Log) =>
  computeCostUsd(log.model, {
    inputTokens: log.inputTokens,
    outputTokens: log.outputTokens,
    cacheCreationInputTokens: log.cacheCreationTokens,
    cacheReadInputTokens: log.cacheReadTokens,
  });
const sumCost = (rows: { costUsd: number }[]) => rows.reduce((sum, row) => sum + row.costUsd, 0);

describe("a judged batch run by a worker in Message Batches mode", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await openBatchHarness({
      simulatorEnv: {
        PARLEY_SIM_SEED: "13",
        PARLEY_SIM_BATCH_DELAY_MS: "1000",
        // Refused and unusable answers, for submissions and judge calls alike.
        PARLEY_SIM_FAULTS: "429=0.1,malformed=0.1",
        PARLEY_MESSAGE_BATCH_POLL_SECONDS: "1",
        PARLEY_MESSAGE_BATCH_MAX_ATTEMPTS: "10",
      },
    });
  });
  afterAll(() => harness?.close());

  it("judges every conversation in real time, and its cost is the conversation's", async () => {
    const { database, queue, workspaceId } = harness;
    const batch = await createBatch(database.db, queue, {
      workspaceId,
      input: { count: 8, seed: 13, mode: "message_batches", llmJudge: true },
      simulated: true,
    });
    const done = await waitForBatch(
      database.db,
      { workspaceId, batchId: batch.id },
      isFinished,
      60_000,
    );
    expect(done.status).toBe("completed");
    expect(done.succeededItems).toBe(8);

    const logs = await generationLogs(harness, batch.id);
    const conversations = await conversationsOf(harness, batch.id);
    expect(conversations).toHaveLength(8);
    for (const conversation of conversations) {
      const own = logs.filter((log) => log.batchItemId === conversation.batchItemId);
      const generated = own.filter((l) => l.purpose === "generation" && l.status === "succeeded");
      const judged = own.filter((log) => log.purpose === "judge");
      expect(generated).toHaveLength(1);
      expect(judged.length).toBeGreaterThan(0);
      // The generation at the batch price, within its Message Batch; the judge at the realtime
      // price, outside it.
      const [generation] = generated as [Log];
      expect(generation.providerBatchId).not.toBeNull();
      expect(generation.costUsd).toBeCloseTo(realtimePrice(generation) / 2, 6);
      for (const log of judged) {
        expect(log.providerBatchId).toBeNull();
        expect(log.costUsd).toBeCloseTo(realtimePrice(log), 6);
      }
      const metrics = conversation.qualityMetrics as { judgeScore?: number; judge?: object };
      expect(metrics.judge).toBeTruthy();
      if (judged.some((log) => log.status === "succeeded")) {
        expect(metrics.judgeScore).toBeTypeOf("number");
      }
      expect(conversation.costUsd).toBeCloseTo(generation.costUsd + sumCost(judged), 6);
    }
    // The conversations and the failed submissions make up the batch's cost.
    const failedSubmissions = logs.filter(
      (log) => log.purpose === "generation" && log.status === "failed",
    );
    expect(sumCost(conversations) + sumCost(failedSubmissions)).toBeCloseTo(done.actualCostUsd, 5);
  });
});

describe("a worker that dies between a judge call and storing the conversation", () => {
  let harness: Harness;
  let simulator: RunningSimulator;
  beforeAll(async () => {
    // No worker: the test runs the submit and poll handlers itself.
    harness = await openBatchHarness();
    simulator = await startSimulator({ seed: 31, batchDelayMs: 0 });
  });
  afterAll(async () => {
    await harness?.close();
    await simulator?.close();
  });

  const job = (data: Record<string, unknown>, controller = new AbortController()) =>
    handlerJob(data, { signal: controller.signal });
  const depsWith = (provider: ConversationProvider) => messageBatchDeps(harness, provider);

  it("stores the conversation once on the next run, judged again, with the lost call billed to the batch", async () => {
    const { database, queue, workspaceId } = harness;
    const provider = createAnthropicProvider({ baseURL: simulator.url, simulated: true });
    // The job is stopped (as pg-boss stops an expired job) once the first judge call has
    // answered and been paid for, before its conversation is stored.
    const stop = new AbortController();
    const dying: ConversationProvider = {
      ...provider,
      judgeConversation: async (request, options) => {
        await provider.judgeConversation(request, options);
        stop.abort(new Error("the worker died"));
        throw new Error("the worker died");
      },
    };
    const batch = await createBatch(database.db, queue, {
      workspaceId,
      input: { count: 3, seed: 4, concurrency: 1, mode: "message_batches", llmJudge: true },
      simulated: true,
    });
    const ref = { workspaceId, batchId: batch.id };
    await handleSubmitMessageBatch(depsWith(provider), job(ref));
    const [submission] = await listProviderBatches(database.db, ref);
    if (!submission) throw new Error("nothing was submitted");
    const poll = job({ ...ref, providerBatchId: submission.id });
    for (;;) {
      const remote = await provider.retrieveMessageBatch(submission.providerBatchId ?? "");
      if (remote.processing_status === "ended") break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const dyingPoll = job({ ...ref, providerBatchId: submission.id }, stop);
    await expect(handlePollMessageBatch(depsWith(dying), dyingPoll)).rejects.toThrow();
    const afterCrash = await findBatch(database.db, ref);
    expect(afterCrash?.succeededItems).toBeLessThan(3);
    expect(afterCrash?.processingItems).toBeGreaterThan(0);
    const lost = (await generationLogs(harness, batch.id)).filter((log) => log.purpose === "judge");
    expect(lost.length).toBeGreaterThan(0);

    // The job's retry.
    await handlePollMessageBatch(depsWith(provider), poll);
    const done = await findBatch(database.db, ref);
    expect(done?.status).toBe("completed");
    expect(done?.succeededItems).toBe(3);
    await expectOneLiveConversationPerItem(database.db, ref, 3);

    const logs = await generationLogs(harness, batch.id);
    const generated = logs.filter((log) => log.purpose === "generation");
    expect(generated).toHaveLength(3);
    const judged = logs.filter((log) => log.purpose === "judge");
    // One judge call per item, and the one the dead worker paid for.
    expect(judged).toHaveLength(4);
    const conversations = await conversationsOf(harness, batch.id);
    const [lostCall] = lost as [Log];
    for (const conversation of conversations) {
      // Each conversation costs its generation and the judge call it was stored with.
      const own = logs.filter(
        (log) => log.batchItemId === conversation.batchItemId && log.id !== lostCall.id,
      );
      expect(own).toHaveLength(2);
      expect(conversation.costUsd).toBeCloseTo(sumCost(own), 6);
    }
    // The call the dead worker paid for is billed to the batch, beside the conversations.
    expect(sumCost(conversations) + lostCall.costUsd).toBeCloseTo(done?.actualCostUsd ?? -1, 6);

    // Another run finds nothing left to apply: no new call, no new row.
    await handlePollMessageBatch(depsWith(provider), poll);
    expect(await generationLogs(harness, batch.id)).toHaveLength(logs.length);
    await expectOneLiveConversationPerItem(database.db, ref, 3);
  });
});

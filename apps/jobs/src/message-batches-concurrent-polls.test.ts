// Two polls of the same ended Message Batch at once (a poll job redelivered while its first run
// is still alive): each result is judged, billed and stored once, not once per poll.
import { findBatch, listProviderBatches } from "@parley/db";
import { type ConversationProvider, createAnthropicProvider } from "@parley/generation";
import { createBatch } from "@parley/queue";
import { type RunningSimulator, startSimulator } from "@parley/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handlePollMessageBatch } from "./handlers/poll-message-batch.ts";
import { handleSubmitMessageBatch } from "./handlers/submit-message-batch.ts";
import { expectOneLiveConversationPerItem } from "./test-support/batch-assertions.ts";
import { type BatchHarness, openBatchHarness } from "./test-support/batch-harness.ts";
import { waitFor } from "./test-support/batch-observer.ts";
import { handlerJob, messageBatchDeps } from "./test-support/handler-jobs.ts";

let harness: BatchHarness;
let simulator: RunningSimulator;

beforeAll(async () => {
  // No worker: the test runs the submit job and the two polls itself.
  harness = await openBatchHarness();
  simulator = await startSimulator({ seed: 17, batchDelayMs: 0 });
});
afterAll(async () => {
  await harness?.close();
  await simulator?.close();
});

const depsWith = (provider: ConversationProvider) => messageBatchDeps(harness, provider);

describe("two polls of one ended Message Batch at the same time", () => {
  it("judge and store each result once", async () => {
    const { database, queue, workspaceId } = harness;
    const simulated = createAnthropicProvider({ baseURL: simulator.url, simulated: true });
    // A judge call takes a moment, as a real one does: both polls are under way together.
    const provider: ConversationProvider = {
      ...simulated,
      judgeConversation: async (request, options) => {
        await new Promise((resolve) => setTimeout(resolve, 150));
        return simulated.judgeConversation(request, options);
      },
    };
    const batch = await createBatch(database.db, queue, {
      workspaceId,
      input: { count: 4, seed: 8, concurrency: 2, mode: "message_batches", llmJudge: true },
      simulated: true,
    });
    const ref = { workspaceId, batchId: batch.id };
    await handleSubmitMessageBatch(depsWith(provider), handlerJob(ref));
    const [submission] = await listProviderBatches(database.db, ref);
    if (!submission?.providerBatchId) throw new Error("nothing was submitted");
    const remoteId = submission.providerBatchId;
    await waitFor(
      "the Message Batch to end",
      () => provider.retrieveMessageBatch(remoteId),
      (remote) => remote.processing_status === "ended",
      10_000,
    );

    const poll = { ...ref, providerBatchId: submission.id };
    await Promise.all([
      handlePollMessageBatch(depsWith(provider), handlerJob(poll)),
      handlePollMessageBatch(depsWith(provider), handlerJob(poll)),
    ]);

    const logs = await database.db
      .selectFrom("generation_logs")
      .select(["batchItemId", "purpose"])
      .where("batchId", "=", batch.id)
      .execute();
    const judged = logs.filter((log) => log.purpose === "judge");
    expect(judged).toHaveLength(4);
    expect(new Set(judged.map((log) => log.batchItemId)).size).toBe(4);
    const done = await findBatch(database.db, ref);
    expect(done?.status).toBe("completed");
    expect(done?.succeededItems).toBe(4);
    await expectOneLiveConversationPerItem(database.db, ref, 4);
  });
});

// Pausing a batch in Message Batches mode stops its submissions at the provider: requests the
// provider has not started are cancelled (not run, not billed) and go back to the queue without
// using up an item's submissions; resuming submits them again and the batch completes.
// Real worker, simulated Message Batches API, real Postgres.
import { listProviderBatches } from "@parley/db";
import { createBatch, pauseBatch, resumeBatch } from "@parley/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectOneLiveConversationPerItem } from "./test-support/batch-assertions.ts";
import { type BatchHarness, openBatchHarness } from "./test-support/batch-harness.ts";
import { isFinished, waitFor, waitForBatch } from "./test-support/batch-observer.ts";
import { simulatedBatch } from "./test-support/simulated-batch-view.ts";

let harness: BatchHarness;

const atSimulator = (providerBatchId: string) =>
  simulatedBatch(harness.simulatorUrl, providerBatchId);

beforeAll(async () => {
  harness = await openBatchHarness({
    simulatorEnv: {
      PARLEY_SIM_SEED: "23",
      // A submission's 4 requests are worked through over 4 s, one a second.
      PARLEY_SIM_BATCH_DELAY_MS: "4000",
      PARLEY_MESSAGE_BATCH_POLL_SECONDS: "1",
      // One submission per item: a pause must not use it up.
      PARLEY_MESSAGE_BATCH_MAX_ATTEMPTS: "1",
    },
  });
});
afterAll(() => harness?.close());

describe("pausing a batch in Message Batches mode", () => {
  it("cancels the requests the provider has not started, and the resume submits them again", async () => {
    const { database, queue, workspaceId } = harness;
    const batch = await createBatch(database.db, queue, {
      workspaceId,
      input: { count: 4, seed: 9, mode: "message_batches" },
      simulated: true,
    });
    const ref = { workspaceId, batchId: batch.id };
    const [submission] = await waitFor(
      "the submission",
      () => listProviderBatches(database.db, ref),
      (found) => found.length === 1 && found[0]?.status === "in_progress",
      20_000,
    );
    const remoteId = submission?.providerBatchId ?? "";

    await pauseBatch(database.db, queue, ref);
    await waitFor(
      "the provider to have the cancel",
      () => atSimulator(remoteId),
      (remote) => remote.cancel_initiated_at !== null,
      3_000,
    );
    const paused = await waitForBatch(database.db, ref, (b) => b.processingItems === 0, 10_000);
    expect(paused.status).toBe("paused");
    expect(paused.failedItems).toBe(0);
    expect(paused.queuedItems).toBeGreaterThan(0);
    expect(paused.succeededItems + paused.queuedItems).toBe(4);
    // The requests that never ran cost nothing.
    const cancelledLogs = await database.db
      .selectFrom("generation_logs")
      .select("costUsd")
      .where("batchId", "=", batch.id)
      .where("errorCode", "=", "canceled")
      .execute();
    expect(cancelledLogs).toHaveLength(paused.queuedItems);
    expect(cancelledLogs.every((log) => Number(log.costUsd) === 0)).toBe(true);

    await resumeBatch(database.db, queue, ref);
    const done = await waitForBatch(database.db, ref, isFinished, 30_000);
    expect(done.status).toBe("completed");
    expect(done.succeededItems).toBe(4);
    expect(done.failedItems).toBe(0);
    expect(await listProviderBatches(database.db, ref)).toHaveLength(2);
    await expectOneLiveConversationPerItem(database.db, ref, 4);
  });
});

// Pause, resume and cancel on a running batch, as a user drives them: pausing lets the items in
// flight finish and starts nothing new, resuming finishes the batch, cancelling stops it for good
// and keeps what was generated. Order is checked on the database's clock, not on wall time.
import { cancelBatch, createBatch, pauseBatch, resumeBatch } from "@parley/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectOneLiveConversationPerItem } from "./test-support/batch-assertions.ts";
import { type BatchHarness, openBatchHarness } from "./test-support/batch-harness.ts";
import {
  databaseNow,
  isFinished,
  itemTimes,
  settledBatch,
  waitForBatch,
} from "./test-support/batch-observer.ts";

const CONCURRENCY = 3;

let harness: BatchHarness;

beforeAll(async () => {
  harness = await openBatchHarness({
    simulatorEnv: {
      PARLEY_SIM_LATENCY_MS: "50",
      PARLEY_SIM_SEED: "3",
      PARLEY_SIM_FAULTS: "429=0.05",
    },
  });
});

afterAll(() => harness?.close());

async function startedBatch(count: number, seed: number) {
  const { database, queue, workspaceId } = harness;
  const batch = await createBatch(database.db, queue, {
    workspaceId,
    input: { count, concurrency: CONCURRENCY, seed },
    simulated: true,
  });
  const ref = { workspaceId, batchId: batch.id };
  await waitForBatch(database.db, ref, (b) => b.succeededItems >= 4 && b.processingItems > 0);
  return ref;
}

describe("pausing a running batch", () => {
  it("lets the items in flight finish, starts none after it, and resume finishes the batch", async () => {
    const { database, queue } = harness;
    const ref = await startedBatch(30, 21);
    await pauseBatch(database.db, queue, ref);
    const pausedAt = await databaseNow(database.db);

    const paused = await settledBatch(database.db, ref);
    expect(paused.status).toBe("paused");
    expect(paused.queuedItems).toBeGreaterThan(0);
    const items = await itemTimes(database.db, ref.batchId);
    const startedAfterPause = items.filter((item) => item.startedAt && item.startedAt > pausedAt);
    expect(startedAfterPause).toEqual([]);
    // Only the items already in flight finished after the pause: at most one per slot.
    const finishedAfterPause = items.filter(
      (item) => item.finishedAt && item.finishedAt > pausedAt,
    );
    expect(finishedAfterPause.length).toBeLessThanOrEqual(CONCURRENCY);
    expect(items.filter((item) => item.status === "processing")).toEqual([]);

    await resumeBatch(database.db, queue, ref);
    const done = await waitForBatch(database.db, ref, isFinished);
    expect(done.status).toBe("completed");
    expect(done.succeededItems).toBe(30);
    await expectOneLiveConversationPerItem(database.db, ref, 30);
  });
});

describe("cancelling a running batch", () => {
  it("runs no queued item, keeps what finished, and its counts stay final", async () => {
    const { database, queue } = harness;
    const ref = await startedBatch(30, 22);
    await cancelBatch(database.db, queue, ref);
    const cancelledAt = await databaseNow(database.db);

    const cancelled = await settledBatch(database.db, ref);
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.queuedItems).toBe(0);
    expect(cancelled.processingItems).toBe(0);
    expect(cancelled.cancelledItems).toBeGreaterThan(0);
    expect(cancelled.succeededItems + cancelled.cancelledItems + cancelled.failedItems).toBe(30);

    const items = await itemTimes(database.db, ref.batchId);
    expect(items.filter((item) => item.startedAt && item.startedAt > cancelledAt)).toEqual([]);
    expect(items.filter((item) => ["queued", "processing"].includes(item.status))).toEqual([]);

    // What finished is kept: one conversation per succeeded item, none for the cancelled ones.
    await expectOneLiveConversationPerItem(database.db, ref, cancelled.succeededItems);

    // And nothing moves afterwards.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const later = await waitForBatch(database.db, ref, () => true);
    expect(later.status).toBe("cancelled");
    expect({
      succeeded: later.succeededItems,
      cancelled: later.cancelledItems,
      failed: later.failedItems,
      cost: later.actualCostUsd,
    }).toEqual({
      succeeded: cancelled.succeededItems,
      cancelled: cancelled.cancelledItems,
      failed: cancelled.failedItems,
      cost: cancelled.actualCostUsd,
    });
  });
});

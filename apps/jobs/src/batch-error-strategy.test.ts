// Error strategies against a provider that rejects some requests outright (a 400, which no
// retry fixes): `stop` halts the batch at the first failed item, `threshold:3` at the third.
// "Halts" means what a user sees: the batch is paused with the reason, and no item starts after
// the failure that stopped it (items already in flight may finish).
import type { BatchJob } from "@parley/db";
import { createBatch } from "@parley/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectExactCounters } from "./test-support/batch-assertions.ts";
import { type BatchHarness, openBatchHarness } from "./test-support/batch-harness.ts";
import { itemTimes, settledBatch, waitForBatch } from "./test-support/batch-observer.ts";

let harness: BatchHarness;

beforeAll(async () => {
  harness = await openBatchHarness({
    simulatorEnv: {
      PARLEY_SIM_LATENCY_MS: "30",
      PARLEY_SIM_SEED: "17",
      PARLEY_SIM_FAULTS: "400=0.12",
    },
  });
});

afterAll(() => harness?.close());

async function runUntilStopped(errorStrategy: string, seed: number): Promise<BatchJob> {
  const { database, queue, workspaceId } = harness;
  const batch = await createBatch(database.db, queue, {
    workspaceId,
    input: { count: 80, concurrency: 4, seed, errorStrategy },
    simulated: true,
  });
  const ref = { workspaceId, batchId: batch.id };
  await waitForBatch(database.db, ref, (b) => b.status !== "queued" && b.status !== "processing");
  return settledBatch(database.db, ref);
}

/** Failed items in the order they failed, and the items by when they started. */
async function timeline(batchId: string) {
  const items = await itemTimes(harness.database.db, batchId);
  const failures = items
    .filter((item) => item.status === "failed")
    .map((item) => item.finishedAt as Date)
    .sort((a, b) => a.getTime() - b.getTime());
  const starts = items.flatMap((item) => (item.startedAt ? [item.startedAt] : []));
  return { items, failures, starts };
}

describe("error strategy stop", () => {
  it("pauses the batch at the first non-retryable failure and starts nothing after it", async () => {
    const stopped = await runUntilStopped("stop", 31);
    expect(stopped.status).toBe("paused");
    expect(stopped.pauseReason).toContain('error strategy "stop"');
    expect(stopped.failedItems).toBeGreaterThanOrEqual(1);
    expect(stopped.queuedItems).toBeGreaterThan(0);

    const { items, failures, starts } = await timeline(stopped.id);
    const [firstFailure] = failures;
    expect(firstFailure).toBeDefined();
    expect(starts.filter((start) => start > (firstFailure as Date))).toEqual([]);
    expect(items.filter((item) => item.status === "processing")).toEqual([]);
    // The failure is the provider's rejection, recorded for the user to act on.
    const failed = await harness.database.db
      .selectFrom("batch_items")
      .select(["errorCode", "lastError"])
      .where("batchId", "=", stopped.id)
      .where("status", "=", "failed")
      .execute();
    expect(failed.every((item) => item.errorCode === "invalid_request")).toBe(true);
    await expectExactCounters(harness.database.db, {
      workspaceId: harness.workspaceId,
      batchId: stopped.id,
    });
  });
});

describe("error strategy threshold:3", () => {
  it("keeps going after one and two failures and pauses at the third", async () => {
    const stopped = await runUntilStopped("threshold:3", 32);
    expect(stopped.status).toBe("paused");
    expect(stopped.pauseReason).toContain('error strategy "threshold:3"');
    expect(stopped.failedItems).toBeGreaterThanOrEqual(3);
    expect(stopped.queuedItems).toBeGreaterThan(0);

    const { failures, starts } = await timeline(stopped.id);
    const [first, , third] = failures as [Date, Date, Date];
    // Work went on after the first failure...
    expect(starts.some((start) => start > first)).toBe(true);
    // ...and stopped at the third.
    expect(starts.filter((start) => start > third)).toEqual([]);
    await expectExactCounters(harness.database.db, {
      workspaceId: harness.workspaceId,
      batchId: stopped.id,
    });
  });
});

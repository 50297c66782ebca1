// Message Batches mode when requests keep failing: every request of the simulated API expires,
// so each item is resubmitted up to the limit and then fails with the error kept; a batch with
// the `stop` error strategy pauses on its first failure; and "Retry failed items" gives each
// item the whole limit again. Real worker, real Postgres.

import { listProviderBatches } from "@parley/db";
import { createBatch, retryFailedItems } from "@parley/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectExactCounters } from "./test-support/batch-assertions.ts";
import { type BatchHarness, openBatchHarness } from "./test-support/batch-harness.ts";
import { waitForBatch } from "./test-support/batch-observer.ts";

const MAX_ATTEMPTS = 2;

let harness: BatchHarness;

/** Nothing in flight and the batch at rest: finished, or paused by its error strategy. */
const settledBatch = (batchId: string) =>
  waitForBatch(
    harness.database.db,
    { workspaceId: harness.workspaceId, batchId },
    (batch) =>
      batch.processingItems === 0 &&
      ["completed", "failed", "cancelled", "paused"].includes(batch.status),
    45_000,
  );

beforeAll(async () => {
  harness = await openBatchHarness({
    simulatorEnv: {
      PARLEY_SIM_SEED: "3",
      PARLEY_SIM_BATCH_DELAY_MS: "500",
      PARLEY_SIM_FAULTS: "timeout=1",
      PARLEY_MESSAGE_BATCH_POLL_SECONDS: "1",
      PARLEY_MESSAGE_BATCH_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    },
  });
});

afterAll(async () => {
  await harness?.close();
});

describe("requests that keep expiring", () => {
  it("are resubmitted up to the limit, then their items fail with the error kept", async () => {
    const { database, queue, workspaceId } = harness;
    const batch = await createBatch(database.db, queue, {
      workspaceId,
      input: { count: 5, seed: 1, mode: "message_batches" },
      simulated: true,
    });
    const ref = { workspaceId, batchId: batch.id };
    const done = await settledBatch(batch.id);
    expect(done.status).toBe("failed");
    expect(done.failedItems).toBe(5);
    expect(done.actualCostUsd).toBe(0);

    const items = await database.db
      .selectFrom("batch_items")
      .select(["status", "attempts", "lastError", "errorCode"])
      .where("batchId", "=", batch.id)
      .execute();
    for (const item of items) {
      expect(item).toMatchObject({
        status: "failed",
        attempts: MAX_ATTEMPTS,
        errorCode: "expired",
      });
      expect(item.lastError).toBe(
        `The request expired before its Message Batch reached it. (after ${MAX_ATTEMPTS} submissions)`,
      );
    }
    // Only the expired requests went out again: one submission per round.
    const submissions = await listProviderBatches(database.db, ref);
    expect(submissions.map((s) => [s.requestCount, s.expiredCount])).toEqual([
      [5, 5],
      [5, 5],
    ]);
    const logs = await database.db
      .selectFrom("generation_logs")
      .select(["status", "errorCode"])
      .where("batchId", "=", batch.id)
      .execute();
    expect(logs).toHaveLength(5 * MAX_ATTEMPTS);
    expect(logs.every((log) => log.status === "failed" && log.errorCode === "expired")).toBe(true);
    await expectExactCounters(database.db, ref);
  });

  it("pause a batch with the stop error strategy once the first item has failed", async () => {
    const { database, queue, workspaceId } = harness;
    const batch = await createBatch(database.db, queue, {
      workspaceId,
      input: { count: 5, seed: 2, mode: "message_batches", errorStrategy: "stop" },
      simulated: true,
    });
    const paused = await settledBatch(batch.id);
    expect(paused.status).toBe("paused");
    expect(paused.pauseReason).toMatch(/error strategy "stop"/);
    // The items whose last submission had ended failed; the ones still due a resubmission wait.
    expect(paused.failedItems).toBeGreaterThanOrEqual(1);
    expect(paused.failedItems + paused.queuedItems).toBe(5);
    await expectExactCounters(database.db, { workspaceId, batchId: batch.id });
  });
});

describe("retrying items that used up their submissions", () => {
  const itemsOf = (batchId: string) =>
    harness.database.db
      .selectFrom("batch_items")
      .select(["status", "attempts", "lastError"])
      .where("batchId", "=", batchId)
      .orderBy("position")
      .execute();

  it("gives each the full number of submissions again, on the same batch or as a new one", async () => {
    const { database, queue, workspaceId } = harness;
    const batch = await createBatch(database.db, queue, {
      workspaceId,
      input: { count: 3, seed: 4, mode: "message_batches" },
      simulated: true,
    });
    const ref = { workspaceId, batchId: batch.id };
    expect((await settledBatch(batch.id)).failedItems).toBe(3);

    await retryFailedItems(database.db, queue, ref);
    const retried = await settledBatch(batch.id);
    expect(retried.status).toBe("failed");
    expect(retried.failedItems).toBe(3);
    // MAX_ATTEMPTS more submissions each, not one: attempts keep counting all of them.
    for (const item of await itemsOf(batch.id)) {
      expect(item).toMatchObject({ status: "failed", attempts: 2 * MAX_ATTEMPTS });
      expect(item.lastError).toBe(
        `The request expired before its Message Batch reached it. (after ${MAX_ATTEMPTS} submissions since the retry, ${2 * MAX_ATTEMPTS} in all)`,
      );
    }
    const submissions = await listProviderBatches(database.db, ref);
    expect(submissions.map((s) => s.requestCount)).toEqual(Array(2 * MAX_ATTEMPTS).fill(3));
    const logs = await database.db
      .selectFrom("generation_logs")
      .select(["batchItemId", "attempt"])
      .where("batchId", "=", batch.id)
      .execute();
    expect(logs).toHaveLength(3 * 2 * MAX_ATTEMPTS);
    // Each submission logged once per item, numbered through the retry.
    expect(new Set(logs.map((log) => `${log.batchItemId}:${log.attempt}`)).size).toBe(logs.length);
    await expectExactCounters(database.db, ref);

    const again = await retryFailedItems(database.db, queue, { ...ref, asNewBatch: true });
    const copy = await settledBatch(again.id);
    expect(copy.failedItems).toBe(3);
    for (const item of await itemsOf(again.id)) {
      expect(item).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
    }
    const copySubmissions = await listProviderBatches(database.db, {
      workspaceId,
      batchId: again.id,
    });
    expect(copySubmissions.map((s) => s.requestCount)).toEqual(Array(MAX_ATTEMPTS).fill(3));
    await expectExactCounters(database.db, { workspaceId, batchId: again.id });
  });
});

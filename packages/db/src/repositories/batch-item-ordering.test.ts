// Claims, failures and the batch status take the batch row lock in one order, so a worker can
// never start an item the batch has just stopped handing out: these races are forced here with
// an open transaction rather than left to timing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSampleBatch, seededWorkspace } from "../testing/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../testing/index.ts";
import { failItem } from "./batch-items/fail-item.ts";
import { markItemProcessing } from "./batch-items/mark-item-processing.ts";
import { cancelBatch } from "./batch-status.ts";
import { findBatch, listBatchItems } from "./batches.ts";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb?.destroy();
});

async function runningBatch(errorStrategy: "continue" | "stop") {
  const { db } = testDb;
  const { workspace, scaffolding } = await seededWorkspace(db);
  const batch = await createSampleBatch(db, { workspace, scaffolding, items: 3 });
  await db
    .updateTable("batch_jobs")
    .set({ errorStrategy: errorStrategy })
    .where("id", "=", batch.id)
    .execute();
  const ref = { workspaceId: workspace.id, batchId: batch.id };
  const items = await listBatchItems(db, { ...ref, limit: 3 });
  const [first, second] = items;
  if (!first || !second) throw new Error("the sample batch has no items");
  await markItemProcessing(db, { workspaceId: workspace.id, itemId: first.id });
  return { ref, first, second };
}

describe("a failure that stops the batch", () => {
  it("pauses it before a claim waiting on the same batch can start another item", async () => {
    const { db } = testDb;
    const { ref, first, second } = await runningBatch("stop");

    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let failed = () => {};
    const failureRecorded = new Promise<void>((resolve) => {
      failed = resolve;
    });
    // The failure (and the pause it decides on) stays uncommitted until released.
    const failure = db.transaction().execute(async (trx) => {
      await failItem(trx, {
        workspaceId: ref.workspaceId,
        itemId: first.id,
        error: "Invalid request",
        errorCode: "invalid_request",
        pauseBatchIf: (batch) => (batch.failedItems >= 1 ? "Stopped after 1 failed item" : null),
      });
      failed();
      await held;
    });
    await failureRecorded;
    const claim = markItemProcessing(db, { workspaceId: ref.workspaceId, itemId: second.id });
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await failure;

    const result = await claim;
    expect(result).toMatchObject({ claimed: false, reason: "batch_not_running" });
    const batch = await findBatch(db, ref);
    expect(batch).toMatchObject({
      status: "paused",
      pauseReason: "Stopped after 1 failed item",
      failedItems: 1,
      processingItems: 0,
      queuedItems: 2,
    });
  });
});

describe("a retryable failure reported after the batch was cancelled", () => {
  it("cancels the item instead of queueing it for a batch that will never run it", async () => {
    const { db } = testDb;
    const { ref, first } = await runningBatch("continue");
    await cancelBatch(db, ref);

    const item = await failItem(db, {
      workspaceId: ref.workspaceId,
      itemId: first.id,
      requeue: true,
      error: "Overloaded",
      errorCode: "overloaded",
    });
    expect(item?.status).toBe("cancelled");
    expect(await findBatch(db, ref)).toMatchObject({
      status: "cancelled",
      queuedItems: 0,
      processingItems: 0,
      cancelledItems: 3,
    });
  });
});

// What the batch integration tests read back from the database: the batch as a user sees it,
// its live conversations, and item timestamps for causal-order checks (database clocks, not
// wall-clock thresholds, so a loaded machine does not make the tests flaky).
import { type BatchJob, type Database, findBatch } from "@parley/db";
import { sql } from "kysely";

export interface BatchRef {
  workspaceId: string;
  batchId: string;
}

export async function waitForBatch(
  db: Database,
  ref: BatchRef,
  until: (batch: BatchJob) => boolean,
  timeoutMs = 90_000,
): Promise<BatchJob> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const batch = await findBatch(db, ref);
    if (batch && until(batch)) return batch;
    if (Date.now() > deadline) {
      throw new Error(
        `batch ${ref.batchId} is still ${batch?.status} (${batch?.succeededItems} succeeded, ${batch?.failedItems} failed, ${batch?.processingItems} processing)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Reads until `done` holds, every 100 ms, failing with `what` after the timeout. */
export async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 45_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const isFinished = (batch: BatchJob) =>
  ["completed", "failed", "cancelled"].includes(batch.status);

/** Live (not archived) conversations per batch item: one row per item that has any. */
export async function liveConversationsPerItem(
  db: Database,
  batchId: string,
): Promise<Array<{ batchItemId: string | null; conversations: number }>> {
  const { rows } = await sql<{ batchItemId: string | null; conversations: number }>`
    select batch_item_id, count(*)::int as conversations
    from conversations
    where batch_id = ${batchId} and status <> 'archived'
    group by batch_item_id`.execute(db);
  return rows;
}

export interface ItemTimes {
  id: string;
  status: string;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export async function itemTimes(db: Database, batchId: string): Promise<ItemTimes[]> {
  return db
    .selectFrom("batch_items")
    .select(["id", "status", "startedAt", "finishedAt"])
    .where("batchId", "=", batchId)
    .orderBy("position")
    .execute();
}

/** The database's own clock, to place a user action among item timestamps. */
export async function databaseNow(db: Database): Promise<Date> {
  const { rows } = await sql<{ now: Date }>`select clock_timestamp() as now`.execute(db);
  const [row] = rows;
  if (!row) throw new Error("no clock_timestamp()");
  return row.now;
}

/**
 * Waits for the items in flight to finish, then two worker polling intervals more (time for any
 * job that should not run to be picked up), and returns the batch as it then stands.
 */
export async function settledBatch(db: Database, ref: BatchRef): Promise<BatchJob> {
  await waitForBatch(db, ref, (batch) => batch.processingItems === 0);
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  return waitForBatch(db, ref, (batch) => batch.processingItems === 0);
}

// The batch lock every item transition takes first, and the condition that an item's batch still
// hands out work: together they put claims, failures and status changes in one order.
import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import type { BatchJob, DB } from "../../schema.ts";

/** A batch_items condition: the item's batch hands out work (queued or processing). */
export function itemBatchIsRunning(eb: ExpressionBuilder<DB, "batch_items">) {
  return eb.exists(
    eb
      .selectFrom("batch_jobs")
      .select(sql`1`.as("one"))
      .whereRef("batch_jobs.id", "=", "batch_items.batchId")
      .where("batch_jobs.status", "in", ["queued", "processing"]),
  );
}

/**
 * Locks the batch row of an item (FOR UPDATE) and returns the batch as last committed. Claims,
 * failures and status changes all take this lock before touching items, so they happen in one
 * order: a claim after a pause, a cancel or a stopping failure sees it, and started_at and
 * finished_at (clock_timestamp(), read under the lock) follow that order too.
 */
export async function lockBatchOfItem(
  trx: Kysely<DB>,
  options: { workspaceId: string; itemId: string },
): Promise<BatchJob | undefined> {
  return trx
    .selectFrom("batch_jobs")
    .selectAll()
    .where(
      "id",
      "=",
      trx
        .selectFrom("batch_items")
        .select("batchId")
        .where("id", "=", options.itemId)
        .where("workspaceId", "=", options.workspaceId),
    )
    .forUpdate()
    .executeTakeFirst();
}

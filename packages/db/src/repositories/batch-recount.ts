// Recounting a batch from its items and generation logs: proof that the counter triggers hold,
// and the repair of a database edited by hand.
import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";
import { withTransaction } from "../transaction.ts";
import { lockBatch } from "./batch-settings.ts";

export interface BatchCounters {
  total: number;
  queued: number;
  processing: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  actualCostUsd: number;
}

export interface RecountResult {
  stored: BatchCounters;
  actual: BatchCounters;
  consistent: boolean;
  /** Whether the stored counters were overwritten with the actual ones. */
  fixed: boolean;
}

/**
 * Recomputes a batch's counters from its items and its cost from its generation logs, and
 * with `fix` stores them. The triggers should make this a no-op; it exists to prove that and
 * to repair a database edited by hand.
 */
export async function recountBatch(
  db: Kysely<DB>,
  options: { workspaceId: string; batchId: string; fix?: boolean },
): Promise<RecountResult | undefined> {
  return withTransaction(db, async (trx) => {
    const batch = await lockBatch(trx, options);
    if (!batch) return undefined;

    const counts = await trx
      .selectFrom("batch_items")
      .select([
        (eb) => eb.fn.countAll<number>().as("total"),
        sql<number>`count(*) filter (where status = 'queued')`.as("queued"),
        sql<number>`count(*) filter (where status = 'processing')`.as("processing"),
        sql<number>`count(*) filter (where status = 'succeeded')`.as("succeeded"),
        sql<number>`count(*) filter (where status = 'failed')`.as("failed"),
        sql<number>`count(*) filter (where status = 'cancelled')`.as("cancelled"),
      ])
      .where("batchId", "=", batch.id)
      .executeTakeFirstOrThrow();
    const cost = await trx
      .selectFrom("generation_logs")
      .select(sql<number>`coalesce(sum(cost_usd), 0)`.as("cost"))
      .where("batchId", "=", batch.id)
      .executeTakeFirstOrThrow();

    const stored: BatchCounters = {
      total: batch.totalItems,
      queued: batch.queuedItems,
      processing: batch.processingItems,
      succeeded: batch.succeededItems,
      failed: batch.failedItems,
      cancelled: batch.cancelledItems,
      actualCostUsd: batch.actualCostUsd,
    };
    const actual: BatchCounters = { ...counts, actualCostUsd: Number(cost.cost) };
    const consistent = (Object.keys(stored) as (keyof BatchCounters)[]).every(
      (key) => stored[key] === actual[key],
    );
    if (consistent || !options.fix) return { stored, actual, consistent, fixed: false };

    await trx
      .updateTable("batch_jobs")
      .set({
        totalItems: actual.total,
        queuedItems: actual.queued,
        processingItems: actual.processing,
        succeededItems: actual.succeeded,
        failedItems: actual.failed,
        cancelledItems: actual.cancelled,
        actualCostUsd: actual.actualCostUsd,
      })
      .where("id", "=", batch.id)
      .execute();
    return { stored, actual, consistent, fixed: true };
  });
}

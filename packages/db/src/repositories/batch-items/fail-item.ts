// A batch item's failure: failed, or back in the queue for a retryable error, and the batch paused
// in the same transaction when its error strategy says so.
import { type Kysely, sql } from "kysely";
import type { BatchItemStatus } from "../../column-values.ts";
import type { BatchItem, BatchJob, DB } from "../../schema.ts";
import { withTransaction } from "../../transaction.ts";
import { updateBatchStatus } from "../batch-status.ts";
import { findBatch } from "../batches.ts";
import { lockBatchOfItem } from "./lock-batch-of-item.ts";

export interface FailItemOptions {
  workspaceId: string;
  itemId: string;
  /** What went wrong, in words a user can act on. */
  error: string;
  errorCode?: string | null;
  /**
   * Put the item back in the queue (a retryable error) instead of failing it. In a batch that
   * was cancelled meanwhile, the item is cancelled instead: nothing would ever run it again.
   */
  requeue?: boolean;
  /**
   * Decides, with the failure counted and the batch still locked, whether the batch pauses (the
   * error strategy): returns the pause reason, or null to carry on. Being in the same
   * transaction, no other item can start between the failure and the pause.
   */
  pauseBatchIf?: (batch: BatchJob) => string | null;
  /** The claim's lease token: a claim another worker took over changes nothing. */
  leaseToken?: string;
}

/**
 * Records a failure. A late report for an item that already succeeded (its job ran twice) is
 * ignored: returns undefined and changes nothing.
 */
export async function failItem(
  db: Kysely<DB>,
  options: FailItemOptions,
): Promise<BatchItem | undefined> {
  return withTransaction(db, async (trx) => {
    const batch = await lockBatchOfItem(trx, options);
    const status: BatchItemStatus = !options.requeue
      ? "failed"
      : batch?.status === "cancelled"
        ? "cancelled"
        : "queued";
    const item = await trx
      .updateTable("batch_items")
      .set({
        status,
        lastError: options.error,
        errorCode: options.errorCode ?? null,
        finishedAt: status === "queued" ? null : sql<Date>`clock_timestamp()`,
      })
      .where("id", "=", options.itemId)
      .where("workspaceId", "=", options.workspaceId)
      .where("status", "in", ["queued", "processing"])
      .$if(options.leaseToken !== undefined, (qb) =>
        qb.where("leaseToken", "=", options.leaseToken ?? null),
      )
      .returningAll()
      .executeTakeFirst();
    if (!item || !batch || !options.pauseBatchIf) return item;

    const counted = await findBatch(trx, { workspaceId: options.workspaceId, batchId: batch.id });
    const pauseReason = counted && counted.status === "processing" && options.pauseBatchIf(counted);
    if (pauseReason) {
      await updateBatchStatus(trx, {
        workspaceId: options.workspaceId,
        batchId: batch.id,
        status: "paused",
        pauseReason,
      });
    }
    return item;
  });
}

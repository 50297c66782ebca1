// Claiming a batch item for generation (queued → processing), the first step of its lifecycle;
// completeItem and failItem end it, requeueItems starts it over.
import { type Kysely, sql } from "kysely";
import type { BatchStatus } from "../../column-values.ts";
import type { BatchItem, DB } from "../../schema.ts";
import { withTransaction } from "../../transaction.ts";
import { findBatchItem } from "../batches.ts";
import { itemBatchIsRunning, lockBatchOfItem } from "./lock-batch-of-item.ts";

export type ClaimItemResult =
  | { claimed: true; item: BatchItem }
  | {
      claimed: false;
      reason: "not_found" | "not_queued" | "batch_not_running" | "at_capacity";
      item?: BatchItem;
      batchStatus?: BatchStatus;
    };

export interface MarkItemProcessingOptions {
  workspaceId: string;
  itemId: string;
  /**
   * Also take over an item stuck in `processing` that was claimed before this time: its worker
   * died (the queue re-delivered the job after its expiry). Without it, only queued items.
   */
  reclaimStartedBefore?: Date;
  /**
   * Refuse (`at_capacity`) to start a queued item while the batch already has `concurrency` items
   * processing. The queue's group limit is counted when jobs are fetched, and pollers that fetch
   * at the same moment can each see a free slot; counted here, under the batch lock, it holds.
   */
  withinConcurrency?: boolean;
}

/**
 * Claims an item for generation: queued → processing, attempts + 1, started_at = now. Only
 * while its batch is queued or processing (a paused or cancelled batch hands out nothing);
 * the first claim also moves a queued batch to processing.
 */
export async function markItemProcessing(
  db: Kysely<DB>,
  options: MarkItemProcessingOptions,
): Promise<ClaimItemResult> {
  return withTransaction(db, async (trx) => {
    const locked = await lockBatchOfItem(trx, options);
    const ceiling = locked?.concurrency ?? null; // null: automatic, no per-batch ceiling
    if (
      options.withinConcurrency &&
      locked &&
      ceiling !== null &&
      locked.processingItems >= ceiling
    ) {
      // A stale `processing` item already holds a slot, so taking it over stays allowed.
      const current = await findBatchItem(trx, options);
      if (current?.status === "queued") {
        return { claimed: false, reason: "at_capacity", item: current, batchStatus: locked.status };
      }
    }
    const reclaimBefore = options.reclaimStartedBefore;
    const item = await trx
      .updateTable("batch_items")
      .set((eb) => ({
        status: "processing",
        attempts: eb("attempts", "+", 1),
        startedAt: sql<Date>`clock_timestamp()`,
        finishedAt: null,
        // A takeover gets its own token, so the claim it replaced can tell it lost the item.
        leaseToken: sql<string>`gen_random_uuid()`,
      }))
      .where("id", "=", options.itemId)
      .where("workspaceId", "=", options.workspaceId)
      .where((eb) =>
        eb.or([
          eb("status", "=", "queued"),
          ...(reclaimBefore
            ? [eb.and([eb("status", "=", "processing"), eb("startedAt", "<", reclaimBefore)])]
            : []),
        ]),
      )
      .where(itemBatchIsRunning)
      .returningAll()
      .executeTakeFirst();

    if (item) {
      await trx
        .updateTable("batch_jobs")
        .set({ status: "processing", startedAt: sql<Date>`coalesce(started_at, now())` })
        .where("id", "=", item.batchId)
        .where("status", "=", "queued")
        .execute();
      return { claimed: true, item };
    }

    const current = await findBatchItem(trx, options);
    if (!current) return { claimed: false, reason: "not_found" };
    const batch = await trx
      .selectFrom("batch_jobs")
      .select("status")
      .where("id", "=", current.batchId)
      .executeTakeFirstOrThrow();
    const running = batch.status === "queued" || batch.status === "processing";
    return {
      claimed: false,
      reason: running ? "not_queued" : "batch_not_running",
      item: current,
      batchStatus: batch.status,
    };
  });
}

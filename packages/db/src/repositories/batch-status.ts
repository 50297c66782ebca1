// A batch's status transitions (BATCH_STATUS_TRANSITIONS): pause, resume, cancel with its queued
// items, and completion once no item is left to run.
import { type Kysely, sql } from "kysely";
import { BATCH_STATUS_TRANSITIONS, type BatchStatus } from "../column-values.ts";
import { RepositoryError } from "../repository-error.ts";
import type { BatchJob, DB } from "../schema.ts";
import { withTransaction } from "../transaction.ts";
import { lockBatch } from "./batch-settings.ts";
import { findBatch } from "./batches.ts";

export interface UpdateBatchStatusOptions {
  workspaceId: string;
  batchId: string;
  status: BatchStatus;
  /** Why it paused (budget cap reached, rate limited, by a user); cleared on other statuses. */
  pauseReason?: string | null;
}

/**
 * Moves a batch to a new status if BATCH_STATUS_TRANSITIONS allows it (setting started_at and
 * completed_at as it goes); the same status again is a no-op. Throws `invalid_transition`
 * otherwise; undefined when the batch does not exist.
 */
export async function updateBatchStatus(
  db: Kysely<DB>,
  options: UpdateBatchStatusOptions,
): Promise<BatchJob | undefined> {
  return withTransaction(db, async (trx) => {
    const batch = await lockBatch(trx, options);
    if (!batch) return undefined;
    const pauseReason = options.status === "paused" ? (options.pauseReason ?? null) : null;
    if (batch.status === options.status && batch.pauseReason === pauseReason) return batch;
    if (
      batch.status !== options.status &&
      !BATCH_STATUS_TRANSITIONS[batch.status].includes(options.status)
    ) {
      throw new RepositoryError(
        "invalid_transition",
        `A ${batch.status} batch cannot become ${options.status}`,
      );
    }
    const finished = ["completed", "failed", "cancelled"].includes(options.status);
    return trx
      .updateTable("batch_jobs")
      .set({
        status: options.status,
        pauseReason: pauseReason,
        ...(options.status === "processing"
          ? { startedAt: sql<Date>`coalesce(started_at, now())` }
          : {}),
        completedAt: finished ? sql<Date>`now()` : null,
      })
      .where("id", "=", batch.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** Cancels a batch and its queued items together; items already processing finish on their own. */
export async function cancelBatch(
  db: Kysely<DB>,
  options: { workspaceId: string; batchId: string },
): Promise<BatchJob | undefined> {
  return withTransaction(db, async (trx) => {
    const cancelled = await updateBatchStatus(trx, { ...options, status: "cancelled" });
    if (!cancelled) return undefined;
    await trx
      .updateTable("batch_items")
      .set({ status: "cancelled", finishedAt: sql<Date>`now()` })
      .where("workspaceId", "=", options.workspaceId)
      .where("batchId", "=", options.batchId)
      .where("status", "=", "queued")
      .execute();
    return findBatch(trx, options);
  });
}

/**
 * Marks a processing batch finished once no item is queued or processing: `completed`, or
 * `failed` when not a single item succeeded. Returns the batch when it changed it.
 */
export async function completeBatchIfFinished(
  db: Kysely<DB>,
  options: { workspaceId: string; batchId: string },
): Promise<BatchJob | undefined> {
  return db
    .updateTable("batch_jobs")
    .set({
      status: sql<BatchStatus>`case when succeeded_items = 0 and failed_items > 0 then 'failed' else 'completed' end`,
      completedAt: sql<Date>`now()`,
      pauseReason: null,
    })
    .where("workspaceId", "=", options.workspaceId)
    .where("id", "=", options.batchId)
    .where("status", "=", "processing")
    .where("queuedItems", "=", 0)
    .where("processingItems", "=", 0)
    .returningAll()
    .executeTakeFirst();
}

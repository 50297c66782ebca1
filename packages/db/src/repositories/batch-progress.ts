// The progress read model of a batch: counts from the batch row (kept exact by triggers), item
// timing and the latest failures, as the live progress views and `parley batch status` show them.
import { type Kysely, sql } from "kysely";
import type { BatchItemStatus, BatchStatus, ProviderMode } from "../column-values.ts";
import type { DB } from "../schema.ts";
import { findBatch } from "./batches.ts";

export interface BatchItemError {
  itemId: string;
  position: number;
  errorCode: string | null;
  message: string | null;
  attempts: number;
  finishedAt: Date | null;
}

export interface BatchProgress {
  batchId: string;
  name: string;
  status: BatchStatus;
  pauseReason: string | null;
  providerMode: ProviderMode;
  simulated: boolean;
  total: number;
  counts: Record<BatchItemStatus, number>;
  /** Succeeded + failed + cancelled. */
  finished: number;
  /** finished / total, 0–100 (100 for an empty batch). */
  percentComplete: number;
  estimatedCostUsd: number | null;
  /** Every provider call of the batch so far, failed ones included. */
  actualCostUsd: number;
  budgetCapUsd: number | null;
  estimatedDurationMs: number | null;
  /** Mean wall time of succeeded items, for a remaining-time estimate; null before the first. */
  averageItemDurationMs: number | null;
  lastFinishedAt: Date | null;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  updatedAt: Date;
  /** The most recent failures, newest first (at most 5). */
  recentErrors: BatchItemError[];
}

/**
 * What a progress view shows. Counts come from the batch row (kept exact by triggers), so the
 * cost does not grow with the batch; durations and errors read through (batch_id, status).
 */
export async function getBatchProgress(
  db: Kysely<DB>,
  options: { workspaceId: string; batchId: string },
): Promise<BatchProgress | undefined> {
  const batch = await findBatch(db, options);
  if (!batch) return undefined;

  const [timing, errors] = await Promise.all([
    db
      .selectFrom("batch_items")
      .select([
        sql<number | null>`avg(extract(epoch from finished_at - started_at) * 1000)`.as(
          "average_ms",
        ),
        sql<Date | null>`max(finished_at)`.as("last_finished_at"),
      ])
      .where("batch_id", "=", batch.id)
      .where("status", "=", "succeeded")
      .executeTakeFirst(),
    db
      .selectFrom("batch_items")
      .select(["id", "position", "error_code", "last_error", "attempts", "finished_at"])
      .where("batch_id", "=", batch.id)
      .where("status", "=", "failed")
      .orderBy("finished_at", (ob) => ob.desc().nullsLast())
      .orderBy("position")
      .limit(5)
      .execute(),
  ]);

  const counts: Record<BatchItemStatus, number> = {
    queued: batch.queued_items,
    processing: batch.processing_items,
    succeeded: batch.succeeded_items,
    failed: batch.failed_items,
    cancelled: batch.cancelled_items,
  };
  const finished = counts.succeeded + counts.failed + counts.cancelled;
  return {
    batchId: batch.id,
    name: batch.name,
    status: batch.status,
    pauseReason: batch.pause_reason,
    providerMode: batch.provider_mode,
    simulated: batch.simulated,
    total: batch.total_items,
    counts,
    finished,
    percentComplete:
      batch.total_items === 0 ? 100 : Math.round((finished / batch.total_items) * 1000) / 10,
    estimatedCostUsd: batch.estimated_cost_usd,
    actualCostUsd: batch.actual_cost_usd,
    budgetCapUsd: batch.budget_cap_usd,
    estimatedDurationMs: batch.estimated_duration_ms,
    averageItemDurationMs:
      timing?.average_ms === null || timing?.average_ms === undefined
        ? null
        : Math.round(Number(timing.average_ms)),
    lastFinishedAt: timing?.last_finished_at ?? null,
    createdAt: batch.created_at,
    startedAt: batch.started_at,
    completedAt: batch.completed_at,
    updatedAt: batch.updated_at,
    recentErrors: errors.map((row) => ({
      itemId: row.id,
      position: row.position,
      errorCode: row.error_code,
      message: row.last_error,
      attempts: row.attempts,
      finishedAt: row.finished_at,
    })),
  };
}

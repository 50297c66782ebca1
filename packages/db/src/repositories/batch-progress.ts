// The progress read model of a batch: counts from the batch row (kept exact by triggers), item
// timing and the latest failures, as the live progress views and `parley batch status` show them.
import { type Kysely, sql } from "kysely";
import type { BatchItemStatus, BatchKind, BatchStatus, ProviderMode } from "../column-values.ts";
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
  /** Planned conversations, or the user's own prompts. */
  kind: BatchKind;
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
  /** Output tokens of every provider call of the batch so far (conversations and judge calls). */
  outputTokens: number;
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

  const [timing, errors, usage] = await Promise.all([
    db
      .selectFrom("batch_items")
      .select([
        sql<number | null>`avg(extract(epoch from finished_at - started_at) * 1000)`.as(
          "averageMs",
        ),
        sql<Date | null>`max(finished_at)`.as("lastFinishedAt"),
      ])
      .where("batchId", "=", batch.id)
      .where("status", "=", "succeeded")
      .executeTakeFirst(),
    db
      .selectFrom("batch_items")
      .select(["id", "position", "errorCode", "lastError", "attempts", "finishedAt"])
      .where("batchId", "=", batch.id)
      .where("status", "=", "failed")
      .orderBy("finishedAt", (ob) => ob.desc().nullsLast())
      .orderBy("position")
      .limit(5)
      .execute(),
    db
      .selectFrom("generation_logs")
      .select(sql<string>`coalesce(sum(output_tokens), 0)`.as("outputTokens"))
      .where("batchId", "=", batch.id)
      .executeTakeFirst(),
  ]);

  const counts: Record<BatchItemStatus, number> = {
    queued: batch.queuedItems,
    processing: batch.processingItems,
    succeeded: batch.succeededItems,
    failed: batch.failedItems,
    cancelled: batch.cancelledItems,
  };
  const finished = counts.succeeded + counts.failed + counts.cancelled;
  return {
    batchId: batch.id,
    name: batch.name,
    kind: batch.kind,
    status: batch.status,
    pauseReason: batch.pauseReason,
    providerMode: batch.providerMode,
    simulated: batch.simulated,
    total: batch.totalItems,
    counts,
    finished,
    percentComplete:
      batch.totalItems === 0 ? 100 : Math.round((finished / batch.totalItems) * 1000) / 10,
    estimatedCostUsd: batch.estimatedCostUsd,
    actualCostUsd: batch.actualCostUsd,
    outputTokens: Number(usage?.outputTokens ?? 0),
    budgetCapUsd: batch.budgetCapUsd,
    estimatedDurationMs: batch.estimatedDurationMs,
    averageItemDurationMs:
      timing?.averageMs === null || timing?.averageMs === undefined
        ? null
        : Math.round(Number(timing.averageMs)),
    lastFinishedAt: timing?.lastFinishedAt ?? null,
    createdAt: batch.createdAt,
    startedAt: batch.startedAt,
    completedAt: batch.completedAt,
    updatedAt: batch.updatedAt,
    recentErrors: errors.map((row) => ({
      itemId: row.id,
      position: row.position,
      errorCode: row.errorCode,
      message: row.lastError,
      attempts: row.attempts,
      finishedAt: row.finishedAt,
    })),
  };
}

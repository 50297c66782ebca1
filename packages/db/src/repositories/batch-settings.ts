// A running batch's adjustable settings (concurrency ceiling, budget cap): the row is locked
// while the caller checks and applies a change, so two changes never interleave.
import type { Kysely } from "kysely";
import type { BatchJob, DB } from "../schema.ts";

/** Locks a batch row (FOR UPDATE) for the rest of the transaction; every batch-level change takes it. */
export function lockBatch(
  trx: Kysely<DB>,
  ref: { workspaceId: string; batchId: string },
): Promise<BatchJob | undefined> {
  return trx
    .selectFrom("batch_jobs")
    .selectAll()
    .where("workspaceId", "=", ref.workspaceId)
    .where("id", "=", ref.batchId)
    .forUpdate()
    .executeTakeFirst();
}

export interface SetBatchSettingsOptions {
  workspaceId: string;
  batchId: string;
  /** null: automatic; undefined: unchanged. */
  concurrency?: number | null;
  budgetCapUsd?: number;
}

export function setBatchSettings(
  trx: Kysely<DB>,
  options: SetBatchSettingsOptions,
): Promise<BatchJob> {
  return trx
    .updateTable("batch_jobs")
    .set({
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      ...(options.budgetCapUsd !== undefined ? { budgetCapUsd: options.budgetCapUsd } : {}),
      updatedAt: new Date(),
    })
    .where("workspaceId", "=", options.workspaceId)
    .where("id", "=", options.batchId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

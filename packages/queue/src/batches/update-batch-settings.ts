// Changes a batch's concurrency ceiling or budget cap while it runs (the batch page,
// `parley batch update` and the API). The row change and the re-tiering of its queued jobs are
// one transaction: new claims follow the new ceiling at once, calls in flight finish as they are.
import { type BatchJob, type Database, lockBatch, setBatchSettings } from "@parley/db";
import { AppError } from "@parley/generation";
import { sql } from "kysely";
import { z } from "zod";
import { concurrencyTier } from "../catalog.ts";
import { budgetUsdSchema, concurrencySchema } from "./batch-input.ts";
import { notifyBatchChanged } from "./notify.ts";

export const batchSettingsUpdateSchema = z
  .object({
    concurrency: concurrencySchema.optional(),
    budgetUsd: budgetUsdSchema.optional(),
  })
  .refine((update) => update.concurrency !== undefined || update.budgetUsd !== undefined, {
    message: "Say what to change: a concurrency (a number or auto), a budget cap, or both",
  });
export type BatchSettingsUpdateInput = z.input<typeof batchSettingsUpdateSchema>;

const FINISHED = ["completed", "failed", "cancelled"];

function formatUsd(value: number): string {
  return `$${value.toFixed(2)}`;
}

export async function updateBatchSettings(
  db: Database,
  ref: { workspaceId: string; batchId: string },
  input: BatchSettingsUpdateInput,
): Promise<BatchJob> {
  const parsed = batchSettingsUpdateSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError(
      "BAD_REQUEST",
      `${parsed.error.issues.map((issue) => issue.message).join("; ")}. Nothing was changed.`,
    );
  }
  const update = parsed.data;
  const updated = await db.transaction().execute(async (trx) => {
    const batch = await lockBatch(trx, ref);
    if (!batch) throw AppError.notFound("Batch", ref.batchId);
    if (FINISHED.includes(batch.status)) {
      throw new AppError(
        "CONFLICT",
        `This batch is ${batch.status}; only a queued, running or paused batch can be changed. Nothing was changed.`,
      );
    }
    const spent = Number(batch.actualCostUsd);
    if (update.budgetUsd !== undefined && update.budgetUsd < spent) {
      throw new AppError(
        "BAD_REQUEST",
        `A budget cap of ${formatUsd(update.budgetUsd)} is below the ${formatUsd(spent)} this batch has already spent; set at least ${formatUsd(spent)}. Nothing was changed.`,
      );
    }
    const changed = await setBatchSettings(trx, {
      ...ref,
      ...(update.concurrency !== undefined ? { concurrency: update.concurrency } : {}),
      ...(update.budgetUsd !== undefined ? { budgetCapUsd: update.budgetUsd } : {}),
    });
    if (update.concurrency !== undefined) {
      // pg-boss counts a group's active jobs against the tier of each job it is about to claim,
      // so re-tiering the waiting jobs is what makes the new ceiling bind on the next fetch.
      await sql`
        update pgboss.job set group_tier = ${concurrencyTier(update.concurrency)}
        where name = 'generation.item' and group_id = ${ref.batchId} and state < 'active'
      `.execute(trx);
    }
    return changed;
  });
  await notifyBatchChanged(db, ref.batchId);
  return updated;
}

// Putting batch items back in the queue: a user's "retry failed items", and the stale items of a
// worker that died.
import type { Kysely } from "kysely";
import type { BatchItemStatus } from "../../column-values.ts";
import type { DB } from "../../schema.ts";

export interface RequeueItemsOptions {
  workspaceId: string;
  batchId: string;
  /** Which items go back to the queue, e.g. ["failed"] for "retry failed items". */
  statuses: readonly Exclude<BatchItemStatus, "queued" | "succeeded">[];
  /** Only these items. */
  itemIds?: readonly string[];
  /** Only items claimed before this time (stale `processing` items of a dead worker). */
  startedBefore?: Date;
  /**
   * A user's retry: the items get a whole new allowance of attempts (attempts_before_retry
   * catches up with attempts, which keeps counting).
   */
  freshAllowance?: boolean;
}

/** Puts items back to queued (attempts are kept). Returns how many moved. */
export async function requeueItems(db: Kysely<DB>, options: RequeueItemsOptions): Promise<number> {
  if (options.statuses.length === 0 || options.itemIds?.length === 0) return 0;
  const result = await db
    .updateTable("batch_items")
    .set((eb) => ({
      status: "queued",
      startedAt: null,
      finishedAt: null,
      ...(options.freshAllowance ? { attemptsBeforeRetry: eb.ref("attempts") } : {}),
    }))
    .where("workspaceId", "=", options.workspaceId)
    .where("batchId", "=", options.batchId)
    .where("status", "in", options.statuses)
    .$if(options.itemIds !== undefined, (qb) => qb.where("id", "in", options.itemIds ?? []))
    .$if(options.startedBefore !== undefined, (qb) =>
      qb.where("startedAt", "<", options.startedBefore ?? new Date()),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

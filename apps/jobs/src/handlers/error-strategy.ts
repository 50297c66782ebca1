// A batch's error strategy: `stop` and `threshold:N` pause it once enough items have failed, so
// no new work starts; `continue` lets it run to the end.
import { type Database, findBatch, updateBatchStatus } from "@parley/db";
import type { JobName, Queue } from "@parley/queue";

/** Returns whether it paused the batch; `pendingWork` is the queue whose queued jobs it cancels. */
export async function applyErrorStrategy(
  deps: { db: Database; queue: Queue },
  ref: { workspaceId: string; batchId: string },
  pendingWork: JobName,
): Promise<boolean> {
  const batch = await findBatch(deps.db, ref);
  if (!batch || batch.error_strategy === "continue") return false;
  const limit = batch.error_strategy === "stop" ? 1 : Number(batch.error_strategy.split(":")[1]);
  if (batch.failed_items < limit || batch.status !== "processing") return false;
  await updateBatchStatus(deps.db, {
    ...ref,
    status: "paused",
    pauseReason: `Stopped after ${batch.failed_items} failed item${batch.failed_items === 1 ? "" : "s"} (error strategy "${batch.error_strategy}"). Resume to continue anyway, or retry the failed items.`,
  });
  await deps.queue.cancelQueued(pendingWork, { batchId: batch.id });
  return true;
}

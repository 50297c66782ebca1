// A batch's error strategy: `stop` and `threshold:N` pause it once enough items have failed, so
// no new work starts; `continue` lets it run to the end. Given to failItem as `pauseBatchIf`, it
// decides with the failure counted and the batch row locked.
import type { BatchJob } from "@parley/db";

/** The pause reason when this batch's failures reach its error strategy's limit, else null. */
export function errorStrategyPause(batch: BatchJob): string | null {
  if (batch.errorStrategy === "continue") return null;
  const limit = batch.errorStrategy === "stop" ? 1 : Number(batch.errorStrategy.split(":")[1]);
  if (batch.failedItems < limit) return null;
  return `Stopped after ${batch.failedItems} failed item${batch.failedItems === 1 ? "" : "s"} (error strategy "${batch.errorStrategy}"). Resume to continue anyway, or retry the failed items.`;
}

// How a batch's generation job goes on the queue: at the batch's priority, and in the batch's
// pg-boss group, whose tier holds the batch to its concurrency across every worker process.
import type { BatchJob } from "@parley/db";
import type { SendOptions } from "pg-boss";
import { concurrencyTier, PRIORITY_LEVELS } from "../catalog.ts";

export function generationJobSendOptions(
  batch: Pick<BatchJob, "id" | "priority" | "concurrency">,
): Pick<SendOptions, "priority" | "group"> {
  return {
    priority: PRIORITY_LEVELS[batch.priority],
    group: { id: batch.id, tier: concurrencyTier(batch.concurrency) },
  };
}

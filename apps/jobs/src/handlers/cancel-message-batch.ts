// Cancels a cancelled or paused batch's Message Batches at the provider as soon as the user
// cancels or pauses, so the provider stops processing (and billing) its requests now, not at the
// next poll. It only records the new status: the submission's own poll chain still collects the
// results (the requests that finished before, and the canceled ones) and settles its items: a
// cancelled batch's end cancelled, a paused batch's go back to the queue for the resume.
import {
  type BatchJob,
  findBatch,
  listProviderBatches,
  type ProviderBatch,
  updateProviderBatch,
} from "@parley/db";
import { isProviderError } from "@parley/generation";
import { parsePayload } from "@parley/queue";
import type { Job } from "pg-boss";
import { isFinalAttempt, type MessageBatchDeps, requestCounts } from "./message-batch-settings.ts";

export async function handleCancelMessageBatch(
  deps: MessageBatchDeps,
  job: Job<unknown>,
): Promise<void> {
  const payload = parsePayload("message-batches.cancel", job.data);
  const ref = { workspaceId: payload.workspaceId, batchId: payload.batchId };
  const batch = await findBatch(deps.db, ref);
  if (!batch || !stopsSubmissions(batch)) return;

  // A submission still being sent has no provider id yet; its submit job cancels it once the
  // provider answers (and the poll would, failing that).
  const running = (await listProviderBatches(deps.db, ref)).filter(
    (record) => record.status === "in_progress" && record.providerBatchId,
  );
  let retry: unknown;
  for (const record of running) {
    try {
      await cancelSubmission(deps, record, job.signal);
    } catch (error) {
      // One refusal does not keep the others running; transient trouble is retried by the
      // job (submissions already canceling are skipped then).
      const retryable = isProviderError(error) ? error.retryable : true;
      if (retryable && !isFinalAttempt("message-batches.cancel", job.retryCount)) retry ??= error;
      const message = error instanceof Error ? error.message : String(error);
      deps.log(
        `batch ${batch.id}: Message Batch ${record.providerBatchId} not cancelled: ${message}`,
      );
    }
  }
  if (retry) throw retry;
}

/**
 * Asks the provider to cancel one submission and records that it is canceling. A submission
 * the provider had already ended is left for its poll, which applies the results; the record
 * is never moved back from ended.
 */
export async function cancelSubmission(
  deps: MessageBatchDeps,
  record: ProviderBatch,
  signal: AbortSignal,
): Promise<void> {
  if (!record.providerBatchId) return;
  const remote = await deps.provider.cancelMessageBatch(record.providerBatchId, { signal });
  deps.log(`batch ${record.batchId} was stopped: cancelling Message Batch ${remote.id}`);
  if (remote.processing_status === "ended") return;
  await updateProviderBatch(deps.db, {
    workspaceId: record.workspaceId,
    id: record.id,
    status: remote.processing_status,
    ...requestCounts(remote),
    ifStatusIn: ["submitting", "in_progress"],
  });
}

/** A cancelled batch, and a paused one, run nothing at the provider until resumed. */
export function stopsSubmissions(batch: BatchJob): boolean {
  return batch.status === "cancelled" || batch.status === "paused";
}

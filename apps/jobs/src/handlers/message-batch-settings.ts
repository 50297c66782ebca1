// What the Message Batches handlers share: their settings (submission size, poll cadence,
// attempts per request), their dependencies, how a submission's next check is scheduled and how
// its request counts are recorded.
import type { MessageBatch } from "@parley/generation";
import { JOBS } from "@parley/queue";
import type { GenerateItemDeps } from "./generate-item.ts";

/** The API's limits per Message Batch. */
export const MESSAGE_BATCH_API_LIMITS = { maxRequests: 100_000, maxBytes: 256 * 1024 * 1024 };

export interface MessageBatchSettings {
  /** Requests per submission, at most MESSAGE_BATCH_API_LIMITS.maxRequests. */
  maxRequestsPerBatch: number;
  /** Request body bytes per submission, at most MESSAGE_BATCH_API_LIMITS.maxBytes. */
  maxBytesPerBatch: number;
  /** Seconds between two checks of a running submission. */
  pollSeconds: number;
  /** Submissions per item (since a user last retried it) before an errored or expired request fails it. */
  maxAttempts: number;
}

export interface MessageBatchDeps extends GenerateItemDeps {
  messageBatches: MessageBatchSettings;
}

/** Checks the submission again after the poll interval (pg-boss startAfter, in seconds). */
export async function schedulePoll(
  deps: MessageBatchDeps,
  ref: { workspaceId: string; batchId: string; providerBatchId: string },
): Promise<void> {
  await deps.queue.send("message-batches.poll", ref, {
    startAfter: deps.messageBatches.pollSeconds,
  });
}

/** A provider batch's request counts, as provider_batches records them. */
export function requestCounts(remote: MessageBatch) {
  return {
    succeededCount: remote.request_counts.succeeded,
    erroredCount: remote.request_counts.errored,
    canceledCount: remote.request_counts.canceled,
    expiredCount: remote.request_counts.expired,
  };
}

/** Whether this run of a job is its last one (no pg-boss retry follows a throw). */
export function isFinalAttempt(
  name: "message-batches.submit" | "message-batches.poll" | "message-batches.cancel",
  retryCount: number,
): boolean {
  return retryCount >= JOBS[name].queue.retryLimit;
}

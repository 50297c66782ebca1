// Registers the Message Batches handlers on a worker: one job submits a batch's queued items,
// one job per submission polls it until its results are stored, and a user's cancel cancels the
// batch's submissions at the provider right away. On start, orphaned submissions are reconciled.
import type { Queue } from "@parley/queue";
import type { Job } from "pg-boss";
import type { WorkerEnv } from "./env.ts";
import { handleCancelMessageBatch } from "./handlers/cancel-message-batch.ts";
import type { GenerateItemDeps } from "./handlers/generate-item.ts";
import {
  MESSAGE_BATCH_API_LIMITS,
  type MessageBatchDeps,
} from "./handlers/message-batch-settings.ts";
import { handlePollMessageBatch } from "./handlers/poll-message-batch.ts";
import { reconcileOrphanedSubmissions } from "./handlers/reconcile-submissions.ts";
import { handleSubmitMessageBatch } from "./handlers/submit-message-batch.ts";

export async function workMessageBatches(
  queue: Queue,
  deps: GenerateItemDeps,
  env: WorkerEnv,
): Promise<void> {
  const messageBatchDeps: MessageBatchDeps = {
    ...deps,
    messageBatches: {
      maxRequestsPerBatch: env.PARLEY_MESSAGE_BATCH_MAX_REQUESTS,
      maxBytesPerBatch: MESSAGE_BATCH_API_LIMITS.maxBytes,
      pollSeconds: env.PARLEY_MESSAGE_BATCH_POLL_SECONDS,
      maxAttempts: env.PARLEY_MESSAGE_BATCH_MAX_ATTEMPTS,
    },
  };
  // A submission the provider accepted just before its worker died, never recorded, is found
  // in the provider's batch list and polled, rather than left to run unseen and resubmitted.
  await reconcileOrphanedSubmissions(messageBatchDeps).catch((error: unknown) => {
    deps.log(`unconfirmed Message Batches not reconciled yet: ${String(error)}`);
  });
  await queue.boss.work(
    "message-batches.submit",
    { pollingIntervalSeconds: 1 },
    async ([job]: Job<unknown>[]) => {
      if (job) await handleSubmitMessageBatch(messageBatchDeps, job);
    },
  );
  await queue.boss.work(
    "message-batches.poll",
    { localConcurrency: 2, pollingIntervalSeconds: 1 },
    async ([job]: Job<unknown>[]) => {
      if (job) await handlePollMessageBatch(messageBatchDeps, job);
    },
  );
  await queue.boss.work(
    "message-batches.cancel",
    { pollingIntervalSeconds: 0.5 },
    async ([job]: Job<unknown>[]) => {
      if (job) await handleCancelMessageBatch(messageBatchDeps, job);
    },
  );
}

// Running a handler by hand, without a worker: a pg-boss job as the handler sees it, and the
// Message Batches handlers' dependencies on a test's database, queue and provider.
import type { ConversationProvider } from "@parley/generation";
import type { Job } from "pg-boss";
import type { MessageBatchDeps } from "../handlers/message-batch-settings.ts";
import type { BatchHarness } from "./batch-harness.ts";

export function handlerJob(
  data: Record<string, unknown>,
  options: { signal?: AbortSignal; retryCount?: number } = {},
): Job<unknown> {
  return {
    id: crypto.randomUUID(),
    data,
    signal: options.signal ?? new AbortController().signal,
    retryCount: options.retryCount ?? 0,
  } as unknown as Job<unknown>;
}

export function messageBatchDeps(
  harness: BatchHarness,
  provider: ConversationProvider,
): MessageBatchDeps {
  return {
    db: harness.database.db,
    queue: harness.queue,
    provider,
    simulated: true,
    log: () => {},
    messageBatches: {
      maxRequestsPerBatch: 100,
      maxBytesPerBatch: 1024 * 1024,
      pollSeconds: 1,
      maxAttempts: 3,
    },
  };
}

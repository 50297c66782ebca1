// "Retry failed items as a new batch" for a prompts batch: a new prompts batch of just the failed
// prompts (each with its own system prompt and id), with the original's settings.
import {
  type BatchJob,
  createPromptBatchWithItems,
  type Database,
  type NewBatchPrompt,
  streamPromptResults,
} from "@parley/db";
import { enqueueQueuedItems } from "../batches/enqueue-items.ts";
import type { Queue } from "../queue.ts";

export async function retryFailedPromptsAsNewBatch(
  db: Database,
  queue: Queue,
  batch: BatchJob,
  createdBy: string | null,
): Promise<BatchJob> {
  const prompts: NewBatchPrompt[] = [];
  const ref = { workspaceId: batch.workspaceId, batchId: batch.id, statuses: ["failed"] as const };
  for await (const result of streamPromptResults(db, ref)) {
    prompts.push({ prompt: result.prompt, system: result.system, sourceId: result.sourceId });
  }
  const retry = await createPromptBatchWithItems(db, {
    workspaceId: batch.workspaceId,
    name: `${batch.name} · retry of ${prompts.length} failed`,
    config: { ...batch.config, retryOf: batch.id },
    priority: batch.priority,
    concurrency: batch.concurrency,
    errorStrategy: batch.errorStrategy,
    providerMode: batch.providerMode,
    budgetCapUsd: batch.budgetCapUsd,
    simulated: batch.simulated,
    createdBy,
    prompts,
  });
  await enqueueQueuedItems(db, queue, retry);
  return retry;
}

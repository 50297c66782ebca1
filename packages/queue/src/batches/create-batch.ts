// Creates a batch: plan, estimate, store the batch with all its items in one transaction, then
// enqueue them. Shared by the web app and the CLI.
import { type BatchJob, createBatchWithItems, type Database } from "@parley/db";
import type { Queue } from "../queue.ts";
import type { CreateBatchInput } from "./batch-input.ts";
import { enqueueQueuedItems } from "./enqueue-items.ts";
import { type PreviewBatchOptions, previewBatch, type SimulatorTiming } from "./plan-batch.ts";

export interface CreateBatchOptions {
  workspaceId: string;
  input: CreateBatchInput;
  /** Whether the worker's provider is the simulator (labels the batch and its conversations). */
  simulated: boolean;
  /** When simulated: the simulator's configured timing, for the estimate. */
  simulator?: SimulatorTiming;
  createdBy?: string | null;
  installPrices?: PreviewBatchOptions["installPrices"];
  confirmHint?: string;
}

export async function createBatch(
  db: Database,
  queue: Queue,
  options: CreateBatchOptions,
): Promise<BatchJob> {
  const { input, seed, plan, templates, estimate, model } = await previewBatch(db, options);
  const name =
    input.name ??
    `${plan.items.length} conversations · ${new Date().toISOString().slice(0, 16).replace("T", " ")}`;
  const batch = await createBatchWithItems(db, {
    workspaceId: options.workspaceId,
    name,
    config: {
      seed,
      model: model.model,
      ...(model.costUnknown ? { costUnknown: true } : {}),
      tierCounts: plan.tierCounts,
      qualityThreshold: input.qualityThreshold,
      llmJudge: input.llmJudge,
      ...(input.turnCount === undefined ? {} : { turnCount: input.turnCount }),
      ...(Object.keys(input.parameters).length > 0 ? { parameters: input.parameters } : {}),
      ...(Object.keys(templates).length > 0 ? { templates } : {}),
      coverageWarnings: plan.report.warnings.map((warning) => warning.message),
      estimate: {
        costUsd: estimate.total.costUsd,
        upperBoundCostUsd: estimate.total.upperBoundCostUsd,
        seconds: estimate.time.seconds,
      },
    },
    priority: input.priority,
    concurrency: input.concurrency,
    errorStrategy: input.errorStrategy,
    providerMode: input.mode,
    budgetCapUsd: input.budgetUsd ?? null,
    estimatedCostUsd: estimate.total.costUsd,
    estimatedDurationMs: Math.round(estimate.time.seconds * 1000),
    simulated: options.simulated,
    createdBy: options.createdBy ?? null,
    items: plan.items.map((item) => ({
      tier: item.tier,
      personaId: item.personaId,
      arcId: item.arcId,
      topicId: item.topicId,
      edgeCaseId: item.edgeCaseId,
      sourceChunkId: item.sourceChunkId,
      promptTemplateId: templates[item.tier]?.id ?? null,
    })),
  });
  await enqueueQueuedItems(db, queue, batch);
  return batch;
}

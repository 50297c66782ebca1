// Creates a batch: plan (or read a plan file), estimate, store the batch with all its items in one
// transaction, then enqueue them. Shared by the web app and the CLI.
import { type BatchJob, createBatchWithItems, type Database } from "@parley/db";
import type { Queue } from "../queue.ts";
import type { CreateBatchInput } from "./batch-input.ts";
import { enqueueQueuedItems } from "./enqueue-items.ts";
import {
  type BatchPreview,
  type PreviewBatchOptions,
  previewBatch,
  type SimulatorTiming,
} from "./plan-batch.ts";
import { type PreviewPlanFileOptions, previewPlanFile } from "./plan-file-batches.ts";

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
  return storeBatch(db, queue, options, await previewBatch(db, options));
}

export type CreateBatchFromPlanOptions = Omit<CreateBatchOptions, "input"> &
  Pick<PreviewPlanFileOptions, "file">;

/**
 * Launches exactly a plan file's rows: item i is row i, in order. Every row is checked first; one
 * bad row refuses the whole file (PlanRowsError) and nothing is stored.
 */
export async function createBatchFromPlan(
  db: Database,
  queue: Queue,
  options: CreateBatchFromPlanOptions,
): Promise<BatchJob> {
  return storeBatch(db, queue, options, await previewPlanFile(db, options));
}

async function storeBatch(
  db: Database,
  queue: Queue,
  options: Omit<CreateBatchOptions, "input">,
  preview: BatchPreview,
): Promise<BatchJob> {
  const { input, seed, plan, templates, estimate, model } = preview;
  const name =
    input.name ??
    `${plan.items.length} conversations · ${new Date().toISOString().slice(0, 16).replace("T", " ")}`;
  const batch = await createBatchWithItems(db, {
    workspaceId: options.workspaceId,
    name,
    config: {
      // A plan file has no seed: its rows were chosen (or edited) rather than drawn.
      ...(seed === null ? { plannedFrom: "file" } : { seed }),
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

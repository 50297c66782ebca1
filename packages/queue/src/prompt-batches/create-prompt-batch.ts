// Creates a prompts batch: read and price the prompts, refuse the whole input if any line is bad
// (each named), store the batch with an item and a prompt row per prompt in one transaction, then
// enqueue the items on the same queue conversation items use.
import { type BatchJob, createPromptBatchWithItems, type Database } from "@parley/db";
import { AppError } from "@parley/generation";
import { enqueueQueuedItems } from "../batches/enqueue-items.ts";
import type { Queue } from "../queue.ts";
import type { PromptFileProblem } from "./parse-prompt-file.ts";
import { type PreviewPromptBatchOptions, previewPromptBatch } from "./preview-prompt-batch.ts";

export type CreatePromptBatchOptions = PreviewPromptBatchOptions & { createdBy?: string | null };

/** Problems listed in one error message; the rest are counted. */
const LISTED_PROBLEMS = 10;

export function describePromptProblems(problems: readonly PromptFileProblem[]): string {
  const listed = problems
    .slice(0, LISTED_PROBLEMS)
    .map((problem) => `line ${problem.line}: ${problem.message}`);
  const more = problems.length - listed.length;
  return `${listed.join("; ")}${more > 0 ? `; and ${more} more` : ""}`;
}

export async function createPromptBatch(
  db: Database,
  queue: Queue,
  options: CreatePromptBatchOptions,
): Promise<BatchJob> {
  const { input, file, estimate, model } = await previewPromptBatch(db, options);
  if (file.problems.length > 0) {
    throw new AppError(
      "BAD_REQUEST",
      `${file.problems.length === 1 ? "One line" : `${file.problems.length} lines`} of the prompts cannot be used; fix them and try again: ${describePromptProblems(file.problems)}.`,
      { problems: file.problems.slice(0, 100) },
    );
  }
  if (file.prompts.length === 0) {
    throw new AppError(
      "BAD_REQUEST",
      input.source.format === "text"
        ? "There are no prompts: write one prompt per line (lines starting with # are skipped)."
        : input.source.format === "csv"
          ? 'There are no prompts: the CSV needs a header line naming a "prompt" column, then one row per prompt.'
          : 'There are no prompts: write one JSON object per line, such as {"prompt": "…"}.',
    );
  }
  const name =
    input.name ??
    `${file.prompts.length} prompts · ${new Date().toISOString().slice(0, 16).replace("T", " ")}`;
  const batch = await createPromptBatchWithItems(db, {
    workspaceId: options.workspaceId,
    name,
    config: {
      model: model.model,
      ...(model.costUnknown ? { costUnknown: true } : {}),
      maxTokens: input.maxTokens,
      ...(input.system ? { system: input.system } : {}),
      sourceFormat: input.source.format,
      estimate: {
        costUsd: estimate.costUsd,
        upperBoundCostUsd: estimate.upperBoundCostUsd,
        seconds: estimate.time.seconds,
      },
    },
    priority: input.priority,
    concurrency: input.concurrency,
    errorStrategy: input.errorStrategy,
    providerMode: "realtime",
    budgetCapUsd: input.budgetUsd ?? null,
    estimatedCostUsd: estimate.costUsd,
    estimatedDurationMs: Math.round(estimate.time.seconds * 1000),
    simulated: options.simulated,
    createdBy: options.createdBy ?? null,
    prompts: file.prompts.map((prompt) => ({
      prompt: prompt.prompt,
      system: prompt.system,
      sourceId: prompt.sourceId,
    })),
  });
  await enqueueQueuedItems(db, queue, batch);
  return batch;
}

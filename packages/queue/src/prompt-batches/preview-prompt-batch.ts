// Reads and prices a prompts batch before anything is stored: the wizard's preview and the first
// half of creating one. The model is checked like a conversation batch's (checkModelChoice).
import { type Database, getPromptAnswerHistory } from "@parley/db";
import {
  DEFAULT_PROMPT_ANSWER_TOKENS,
  DEFAULT_PROMPT_LATENCY_MS,
  estimatePromptBatch,
  type ModelChoice,
  type PromptBatchEstimate,
} from "@parley/generation";
import { SIMULATED_PROMPT_ANSWER_TOKENS, SIMULATOR_DEFAULTS } from "@parley/simulator";
import { AUTO_CONCURRENCY_FOR_ESTIMATES, type PreviewBatchOptions } from "../batches/plan-batch.ts";
import { resolveModelChoice } from "../models/load-model-catalogue.ts";
import { type ParsedPromptFile, parsePromptFile } from "./parse-prompt-file.ts";
import {
  type ParsedPromptBatchInput,
  type PromptBatchInput,
  promptBatchInputSchema,
} from "./prompt-batch-input.ts";

/** Answers of the workspace's history needed before they replace the default length. */
const LEARNED_ANSWERS_THRESHOLD = 5;

export type PreviewPromptBatchOptions = Omit<PreviewBatchOptions, "input"> & {
  input: PromptBatchInput;
};

export interface PromptBatchPreview {
  input: ParsedPromptBatchInput;
  file: ParsedPromptFile;
  estimate: PromptBatchEstimate;
  model: ModelChoice;
}

export async function previewPromptBatch(
  db: Database,
  options: PreviewPromptBatchOptions,
): Promise<PromptBatchPreview> {
  const input = promptBatchInputSchema.parse(options.input);
  const { choice } = await resolveModelChoice(db, {
    workspaceId: options.workspaceId,
    simulated: options.simulated,
    model: input.model,
    acceptUnknownCost: input.acceptUnknownCost,
    ...(options.installPrices ? { installPrices: options.installPrices } : {}),
    ...(options.confirmHint ? { confirmHint: options.confirmHint } : {}),
  });
  const file = parsePromptFile(input.source.content, input.source.format);
  const history = await getPromptAnswerHistory(db, {
    workspaceId: options.workspaceId,
    model: choice.model,
    includeSimulated: options.simulated,
  });
  const learned = history.answers >= LEARNED_ANSWERS_THRESHOLD;
  const estimate = estimatePromptBatch({
    prompts: file.prompts.map((prompt) => ({
      prompt: prompt.prompt,
      system: prompt.system ?? input.system ?? null,
    })),
    model: choice.model,
    price: choice.price,
    maxTokens: input.maxTokens,
    expectedOutputTokens:
      learned && history.avgOutputTokens !== null
        ? history.avgOutputTokens
        : options.simulated
          ? SIMULATED_PROMPT_ANSWER_TOKENS
          : DEFAULT_PROMPT_ANSWER_TOKENS,
    latencyMs:
      learned && history.avgDurationMs !== null ? history.avgDurationMs : DEFAULT_PROMPT_LATENCY_MS,
    ...(options.simulated
      ? { simulatorLatencyMs: options.simulator?.latencyMs ?? SIMULATOR_DEFAULTS.latencyMs }
      : {}),
    concurrency: input.concurrency ?? AUTO_CONCURRENCY_FOR_ESTIMATES,
  });
  estimate.warnings.unshift(...choice.warnings);
  return { input, file, estimate, model: choice };
}

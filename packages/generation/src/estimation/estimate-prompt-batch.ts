// Cost and time of a prompts batch before it runs: each prompt's tokens (system prompt included)
// at the model's input price, plus the answers' expected length at its output price, and the
// ceiling if every answer wrote its full max_tokens. Timed like a conversation batch's tier.
import { computeCostUsd } from "../pricing/compute-cost.ts";
import type { ModelPrice } from "../pricing/model-prices.ts";
import { type DurationEstimate, estimateRealtimeDuration } from "./batch-duration.ts";
import { meanSimulatedLatencyMs } from "./simulated-latency.ts";
import { estimateTokens } from "./token-estimate.ts";

/** What a real answer is taken to write until the workspace's own answers say otherwise. */
export const DEFAULT_PROMPT_ANSWER_TOKENS = 500;
/** A typical call writing a few hundred tokens, until history says otherwise. */
export const DEFAULT_PROMPT_LATENCY_MS = 8_000;
/** The Messages API's framing of a request (roles, separators) beyond its text. */
const REQUEST_OVERHEAD_TOKENS = 8;

export interface EstimatePromptBatchInput {
  prompts: readonly { prompt: string; system: string | null }[];
  model: string;
  /** Null when the user confirmed the model's cost is unknown: costs are 0 and costKnown false. */
  price: ModelPrice | null;
  maxTokens: number;
  /** Tokens one answer is expected to write (learned or a default); capped at maxTokens. */
  expectedOutputTokens: number;
  /** One call's duration; the simulator's latency model replaces it when simulatorLatencyMs is set. */
  latencyMs: number;
  simulatorLatencyMs?: number;
  concurrency: number;
}

export interface PromptBatchEstimate {
  model: string;
  costKnown: boolean;
  count: number;
  inputTokens: number;
  /** Expected output tokens over all answers. */
  outputTokens: number;
  costUsd: number;
  /** If every answer wrote max_tokens: a ceiling for budget caps. */
  upperBoundCostUsd: number;
  time: DurationEstimate;
  warnings: string[];
}

export function estimatePromptBatch(input: EstimatePromptBatchInput): PromptBatchEstimate {
  const count = input.prompts.length;
  const inputTokens = input.prompts.reduce(
    (sum, { prompt, system }) =>
      sum + estimateTokens(prompt) + estimateTokens(system ?? "") + REQUEST_OVERHEAD_TOKENS,
    0,
  );
  const perAnswer = Math.min(input.maxTokens, Math.max(1, Math.round(input.expectedOutputTokens)));
  const outputTokens = perAnswer * count;
  const priced = (output: number) =>
    input.price
      ? computeCostUsd(
          input.model,
          {
            inputTokens,
            outputTokens: output,
            cacheCreationInputTokens: 0,
            cacheReadInputTokens: 0,
          },
          { price: input.price },
        )
      : 0;
  const latencyMs =
    input.simulatorLatencyMs === undefined
      ? input.latencyMs
      : meanSimulatedLatencyMs(input.simulatorLatencyMs, perAnswer);
  const time = estimateRealtimeDuration(
    [
      {
        count,
        latencyMs,
        rateLimitedInputTokens: inputTokens,
        outputTokens,
        maxTokens: input.maxTokens,
      },
    ],
    input.concurrency,
  );
  return {
    model: input.model,
    costKnown: input.price !== null,
    count,
    inputTokens,
    outputTokens,
    costUsd: priced(outputTokens),
    upperBoundCostUsd: priced(input.maxTokens * count),
    time,
    warnings: input.price
      ? []
      : [`${input.model} has no known price: this batch's cost is unknown, not $0.`],
  };
}

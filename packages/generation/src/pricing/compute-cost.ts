// Turns token usage into dollars with the price table, the way Anthropic bills it.
import {
  BATCH_MULTIPLIER,
  CACHE_READ_MULTIPLIER,
  CACHE_WRITE_MULTIPLIER,
  getModelPrice,
} from "./model-prices.ts";
import type { TokenUsage } from "./token-usage.ts";

export interface CostOptions {
  /** Billed through Message Batches (half price). */
  batch?: boolean;
}

const PER_TOKEN = 1 / 1_000_000;

/** Cost in US dollars; throws UnknownModelError for a model missing from the table. */
export function computeCostUsd(
  model: string,
  usage: TokenUsage,
  options: CostOptions = {},
): number {
  const price = getModelPrice(model);
  const inputRate = price.inputPerMTok * PER_TOKEN;
  const outputRate = price.outputPerMTok * PER_TOKEN;
  const cost =
    usage.inputTokens * inputRate +
    usage.cacheCreationInputTokens * inputRate * CACHE_WRITE_MULTIPLIER +
    usage.cacheReadInputTokens * inputRate * CACHE_READ_MULTIPLIER +
    usage.outputTokens * outputRate;
  return options.batch ? cost * BATCH_MULTIPLIER : cost;
}

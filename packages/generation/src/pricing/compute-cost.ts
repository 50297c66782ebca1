// Turns token usage into dollars with a model's price, the way Anthropic bills it.
import { getModelPrice, type ModelPrice } from "./model-prices.ts";
import type { TokenUsage } from "./token-usage.ts";

export interface CostOptions {
  /** Billed through Message Batches (the price's batch multiplier, half price). */
  batch?: boolean;
  /** The price to use (an install's or workspace's override); the published one when unset. */
  price?: ModelPrice;
}

const PER_TOKEN = 1 / 1_000_000;

/**
 * A cost as it is recorded: costs are stored in whole micro-dollars (numeric(12, 6)), so a total
 * made of recorded calls adds them rounded, and equals the sum of the stored rows.
 */
export function recordedUsd(cost: number): number {
  return Math.round(cost * 1_000_000) / 1_000_000;
}

/** Cost in US dollars; without options.price, throws UnknownModelError for an unpriced model. */
export function computeCostUsd(
  model: string,
  usage: TokenUsage,
  options: CostOptions = {},
): number {
  const price = options.price ?? getModelPrice(model);
  const cost =
    (usage.inputTokens * price.inputPerMTok +
      usage.cacheCreationInputTokens * price.cacheWritePerMTok +
      usage.cacheReadInputTokens * price.cacheReadPerMTok +
      usage.outputTokens * price.outputPerMTok) *
    PER_TOKEN;
  return options.batch ? cost * price.batchMultiplier : cost;
}

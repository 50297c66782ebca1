// Public API of pricing: the per-model price table and cost computation.
export { type CostOptions, computeCostUsd, recordedUsd } from "./compute-cost.ts";
export {
  BATCH_MULTIPLIER,
  CACHE_READ_MULTIPLIER,
  CACHE_WRITE_MULTIPLIER,
  canonicalModelId,
  findModelPrice,
  getModelPrice,
  MODEL_PRICES,
  type ModelPrice,
  UnknownModelError,
} from "./model-prices.ts";
export {
  type ApiUsage,
  addUsage,
  type TokenUsage,
  usageFromApi,
  ZERO_USAGE,
} from "./token-usage.ts";

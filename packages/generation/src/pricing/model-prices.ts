// The price of one model in US dollars per million tokens, and the lookup in Anthropic's
// published prices (models/published-prices.ts). Install and workspace overrides are merged in
// by the model catalogue (models/model-catalogue.ts).
import { PUBLISHED_PRICES } from "../models/published-prices.ts";

export interface ModelPrice {
  /** Canonical model id without a snapshot date. */
  model: string;
  displayName: string;
  inputPerMTok: number;
  outputPerMTok: number;
  /** A 5-minute cache write. */
  cacheWritePerMTok: number;
  /** A cache hit or refresh. */
  cacheReadPerMTok: number;
  /** What Message Batches charge relative to real time (0.5: half price). */
  batchMultiplier: number;
}

/** The published table (kept under its old name for callers that list the priced models). */
export const MODEL_PRICES: readonly ModelPrice[] = PUBLISHED_PRICES;

/** The usual 5-minute cache write premium, for prices given as input and output only. */
export const CACHE_WRITE_MULTIPLIER = 1.25;
/** The usual cache hit discount, for prices given as input and output only. */
export const CACHE_READ_MULTIPLIER = 0.1;
/** Message Batches halve every price, cache prices included. */
export const BATCH_MULTIPLIER = 0.5;

export class UnknownModelError extends Error {
  readonly code = "unknown_model";
  readonly model: string;

  constructor(model: string) {
    super(
      `No price is known for model "${model}". Priced models: ${MODEL_PRICES.map((p) => p.model).join(", ")} (a snapshot suffix such as -20250929 is accepted); add a price with PARLEY_MODEL_PRICES or the workspace's model prices.`,
    );
    this.name = "UnknownModelError";
    this.model = model;
  }
}

/** Dated snapshots ("claude-sonnet-4-5-20250929") and "-latest" aliases share their family's price. */
export function canonicalModelId(model: string): string {
  return model.replace(/-(\d{8}|latest)$/, "");
}

export function findModelPrice(model: string): ModelPrice | undefined {
  const canonical = canonicalModelId(model);
  return MODEL_PRICES.find((price) => price.model === canonical);
}

export function getModelPrice(model: string): ModelPrice {
  const price = findModelPrice(model);
  if (!price) throw new UnknownModelError(model);
  return price;
}

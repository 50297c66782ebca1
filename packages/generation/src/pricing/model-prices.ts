// The one price table: US dollars per million tokens for each Claude model Parley can call,
// and the multipliers for prompt caching and Message Batches.

export interface ModelPrice {
  /** Canonical model id without a snapshot date. */
  model: string;
  displayName: string;
  inputPerMTok: number;
  outputPerMTok: number;
}

export const MODEL_PRICES: readonly ModelPrice[] = [
  {
    model: "claude-sonnet-4-5",
    displayName: "Claude Sonnet 4.5",
    inputPerMTok: 3,
    outputPerMTok: 15,
  },
  { model: "claude-haiku-4-5", displayName: "Claude Haiku 4.5", inputPerMTok: 1, outputPerMTok: 5 },
  { model: "claude-opus-4-5", displayName: "Claude Opus 4.5", inputPerMTok: 5, outputPerMTok: 25 },
];

/** A 5-minute cache write costs a quarter more than plain input. */
export const CACHE_WRITE_MULTIPLIER = 1.25;
/** A cache hit costs a tenth of plain input. */
export const CACHE_READ_MULTIPLIER = 0.1;
/** Message Batches halve every price, cache prices included. */
export const BATCH_MULTIPLIER = 0.5;

export class UnknownModelError extends Error {
  readonly code = "unknown_model";
  readonly model: string;

  constructor(model: string) {
    super(
      `No price is known for model "${model}". Known models: ${MODEL_PRICES.map((p) => p.model).join(", ")} (a snapshot suffix such as -20250929 is accepted).`,
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

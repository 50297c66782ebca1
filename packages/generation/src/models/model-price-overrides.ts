// Prices an install (PARLEY_MODEL_PRICES, a JSON file) or a workspace (its admins' setting) adds
// or overrides: model id → dollars per million tokens. Cache and batch prices default to the
// usual multipliers of the input price (write 1.25×, read 0.1×, batches 0.5×).
import { z } from "zod";
import {
  BATCH_MULTIPLIER,
  CACHE_READ_MULTIPLIER,
  CACHE_WRITE_MULTIPLIER,
  canonicalModelId,
  type ModelPrice,
} from "../pricing/model-prices.ts";

const dollars = z.number().finite().min(0);

export const modelPriceOverrideSchema = z.strictObject({
  displayName: z.string().trim().min(1).max(100).optional(),
  inputPerMTok: dollars,
  outputPerMTok: dollars,
  cacheWritePerMTok: dollars.optional(),
  cacheReadPerMTok: dollars.optional(),
  batchMultiplier: z.number().finite().gt(0).max(1).optional(),
});

export const modelPriceOverridesSchema = z.record(
  z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9.:@-]{1,99}$/, "a model id such as claude-sonnet-5-5"),
  modelPriceOverrideSchema,
);

export type ModelPriceOverride = z.infer<typeof modelPriceOverrideSchema>;
export type ModelPriceOverrides = z.infer<typeof modelPriceOverridesSchema>;

/** Parses an overrides file's text; the error names the source and what is wrong. */
export function parseModelPriceOverrides(text: string, source: string): ModelPriceOverrides {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = modelPriceOverridesSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `${source} must map model ids to prices per million tokens, e.g. {"claude-mythos-5-2": {"inputPerMTok": 8, "outputPerMTok": 40}}: ${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
}

export function priceFromOverride(
  model: string,
  override: ModelPriceOverride,
  displayName: string,
): ModelPrice {
  return {
    model: canonicalModelId(model),
    displayName: override.displayName ?? displayName,
    inputPerMTok: override.inputPerMTok,
    outputPerMTok: override.outputPerMTok,
    cacheWritePerMTok: override.cacheWritePerMTok ?? override.inputPerMTok * CACHE_WRITE_MULTIPLIER,
    cacheReadPerMTok: override.cacheReadPerMTok ?? override.inputPerMTok * CACHE_READ_MULTIPLIER,
    batchMultiplier: override.batchMultiplier ?? BATCH_MULTIPLIER,
  };
}

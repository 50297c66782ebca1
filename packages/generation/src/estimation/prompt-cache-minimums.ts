// The shortest prefix each model will cache: below it a cache_control breakpoint is silently
// ignored and the whole prompt is billed at the input price (Anthropic's documented minimums).
import { canonicalModelId } from "../pricing/model-prices.ts";

const MINIMUM_CACHEABLE_TOKENS: Readonly<Record<string, number>> = {
  "claude-sonnet-4-5": 1024,
  "claude-haiku-4-5": 4096,
  "claude-opus-4-5": 4096,
};

/** Unknown models get the most common minimum, 1024. */
export function minimumCacheableTokens(model: string): number {
  return MINIMUM_CACHEABLE_TOKENS[canonicalModelId(model)] ?? 1024;
}

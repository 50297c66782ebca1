// Reads Anthropic's `anthropic-ratelimit-{requests,input-tokens,output-tokens}-{limit,remaining,reset}`
// response headers, which state the organisation's real limits and what is left of them.
import type { BucketCalibration } from "./token-bucket.ts";

export interface HeaderReader {
  get(name: string): string | null | undefined;
}

export const RATE_LIMIT_KINDS = ["requests", "input-tokens", "output-tokens"] as const;
export type RateLimitKind = (typeof RATE_LIMIT_KINDS)[number];

export type RateLimitHeaders = Partial<Record<RateLimitKind, BucketCalibration>>;

export function parseRateLimitHeaders(headers: HeaderReader): RateLimitHeaders {
  const result: RateLimitHeaders = {};
  for (const kind of RATE_LIMIT_KINDS) {
    const limit = Number(headers.get(`anthropic-ratelimit-${kind}-limit`) ?? Number.NaN);
    const remaining = Number(headers.get(`anthropic-ratelimit-${kind}-remaining`) ?? Number.NaN);
    if (!Number.isFinite(limit) || !Number.isFinite(remaining)) continue;
    const reset = headers.get(`anthropic-ratelimit-${kind}-reset`);
    const resetAt = reset ? Date.parse(reset) : Number.NaN;
    result[kind] = { limit, remaining, ...(Number.isNaN(resetAt) ? {} : { resetAt }) };
  }
  return result;
}

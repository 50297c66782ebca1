// The simulated organisation's rate limits: requests, input tokens and output tokens per minute
// as continuously refilling buckets, reported in anthropic-ratelimit-* headers like the real API.
// Input counts uncached input plus cache writes (cache reads are free); output reserves
// max_tokens up front and is trued up when the answer is done.
import { TokenBucket } from "@parley/generation";

export interface RateLimitCost {
  inputTokens: number;
  maxOutputTokens: number;
}

export type RateLimitVerdict =
  | { ok: true }
  | { ok: false; retryAfterSeconds: number; message: string };

/** RFC 3339 to the second, rounded up so the bucket really is full by then. */
function rfc3339(ms: number): string {
  return new Date(Math.ceil(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export class ServerRateLimits {
  private readonly buckets: Record<"requests" | "input-tokens" | "output-tokens", TokenBucket>;

  constructor(
    limits: {
      requestsPerMinute: number;
      inputTokensPerMinute: number;
      outputTokensPerMinute: number;
    },
    now: number,
    /** Start with empty buckets (a benchmark measuring the steady rate, not the first burst). */
    startEmpty = false,
  ) {
    this.buckets = {
      requests: new TokenBucket(limits.requestsPerMinute, now),
      "input-tokens": new TokenBucket(limits.inputTokensPerMinute, now),
      "output-tokens": new TokenBucket(limits.outputTokensPerMinute, now),
    };
    if (startEmpty) {
      for (const bucket of Object.values(this.buckets)) bucket.take(bucket.capacity, now);
    }
  }

  check(cost: RateLimitCost, now: number): RateLimitVerdict {
    const needs = [
      ["requests", 1, "requests"],
      ["input-tokens", cost.inputTokens, "input tokens"],
      ["output-tokens", cost.maxOutputTokens, "output tokens"],
    ] as const;
    for (const [kind, amount, label] of needs) {
      const bucket = this.buckets[kind];
      const wait = bucket.waitMs(amount, now);
      if (wait > 0) {
        return {
          ok: false,
          retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)),
          message: `This request would exceed your organization's rate limit of ${bucket.capacity} ${label} per minute (simulated). Wait before retrying, or lower max_tokens or the prompt size.`,
        };
      }
    }
    return { ok: true };
  }

  take(cost: RateLimitCost, now: number): void {
    this.buckets.requests.take(1, now);
    this.buckets["input-tokens"].take(cost.inputTokens, now);
    this.buckets["output-tokens"].take(cost.maxOutputTokens, now);
  }

  /** Gives back the part of the max_tokens reservation the answer did not use. */
  settleOutput(reserved: number, used: number, now: number): void {
    if (reserved > used) this.buckets["output-tokens"].give(reserved - used, now);
  }

  headers(now: number): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const [kind, bucket] of Object.entries(this.buckets)) {
      headers[`anthropic-ratelimit-${kind}-limit`] = String(bucket.capacity);
      headers[`anthropic-ratelimit-${kind}-remaining`] = String(
        Math.max(0, Math.floor(bucket.available(now))),
      );
      headers[`anthropic-ratelimit-${kind}-reset`] = rfc3339(bucket.fullAt(now));
    }
    return headers;
  }
}

// A budget one process owns: requests, input tokens and output tokens per minute as separate
// token buckets, calibrated from the provider's headers (the limiter's original design).
import type { RateBudget } from "./rate-budget.ts";
import type { BudgetLimits, BudgetUnits } from "./rate-budget-store.ts";
import type { RateLimitHeaders } from "./rate-limit-headers.ts";
import { TokenBucket } from "./token-bucket.ts";

export class LocalBudget implements RateBudget {
  private readonly requests: TokenBucket;
  private readonly inputTokens: TokenBucket;
  private readonly outputTokens: TokenBucket;

  constructor(limits: BudgetLimits, now: number) {
    this.requests = new TokenBucket(limits.requests, now);
    this.inputTokens = new TokenBucket(limits.inputTokens, now);
    this.outputTokens = new TokenBucket(limits.outputTokens, now);
  }

  waitMs(need: BudgetUnits, now: number): number {
    return Math.max(
      this.requests.waitMs(need.requests, now),
      this.inputTokens.waitMs(need.inputTokens, now),
      this.outputTokens.waitMs(need.outputTokens, now),
    );
  }

  take(need: BudgetUnits, now: number): void {
    this.requests.take(need.requests, now);
    this.inputTokens.take(need.inputTokens, now);
    this.outputTokens.take(need.outputTokens, now);
  }

  adjust(delta: BudgetUnits, now: number): void {
    const apply = (bucket: TokenBucket, amount: number) => {
      if (amount > 0) bucket.give(amount, now);
      else if (amount < 0) bucket.take(-amount, now);
    };
    apply(this.requests, delta.requests);
    apply(this.inputTokens, delta.inputTokens);
    apply(this.outputTokens, delta.outputTokens);
  }

  calibrate(headers: RateLimitHeaders, now: number): void {
    if (headers.requests) this.requests.calibrate(headers.requests, now);
    if (headers["input-tokens"]) this.inputTokens.calibrate(headers["input-tokens"], now);
    if (headers["output-tokens"]) this.outputTokens.calibrate(headers["output-tokens"], now);
  }

  throttled(): void {}

  setOutstanding(): void {}

  limits(): BudgetLimits {
    return {
      requests: this.requests.capacity,
      inputTokens: this.inputTokens.capacity,
      outputTokens: this.outputTokens.capacity,
    };
  }

  available(now: number): BudgetUnits {
    return {
      requests: this.requests.available(now),
      inputTokens: this.inputTokens.available(now),
      outputTokens: this.outputTokens.available(now),
    };
  }

  async close(): Promise<void> {}
}

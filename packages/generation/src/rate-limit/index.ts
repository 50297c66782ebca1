// Public API of rate-limit: the process-wide limiter, the shared budget's store contract and the
// clock they run on.
export { AdaptiveConcurrency, type AdaptiveConcurrencyOptions } from "./adaptive-concurrency.ts";
export { abortReason, type Clock, sleep, systemClock } from "./clock.ts";
export { FakeClock } from "./fake-clock.ts";
export { LeasedBudget, type LeasedBudgetOptions } from "./leased-budget.ts";
export { limitGroupOf } from "./limit-group.ts";
export { LocalBudget } from "./local-budget.ts";
export type { RateBudget } from "./rate-budget.ts";
export {
  type BudgetCalibration,
  type BudgetExchange,
  type BudgetExchangeResult,
  type BudgetLimits,
  type BudgetUnits,
  NO_UNITS,
  type RateBudgetStore,
} from "./rate-budget-store.ts";
export {
  parseRateLimitHeaders,
  type RateLimitHeaders,
  type RateLimitKind,
} from "./rate-limit-headers.ts";
export {
  type ActualUsage,
  createRateLimiter,
  DEFAULT_RATE_LIMITS,
  RateLimiter,
  type RateLimiterOptions,
  type RateLimiterSnapshot,
  type RateLimitRequest,
  type Reservation,
  type SharedBudgetOptions,
} from "./rate-limiter.ts";
export { type BucketCalibration, TokenBucket } from "./token-bucket.ts";

// Public API of rate-limit: the process-wide limiter and the clock it runs on.
export { AdaptiveConcurrency, type AdaptiveConcurrencyOptions } from "./adaptive-concurrency.ts";
export { abortReason, type Clock, sleep, systemClock } from "./clock.ts";
export { FakeClock } from "./fake-clock.ts";
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
} from "./rate-limiter.ts";
export { type BucketCalibration, TokenBucket } from "./token-bucket.ts";

// Public API of retry: error classification and backoff.
export {
  type BackoffOptions,
  backoffDelayMs,
  DEFAULT_BACKOFF_BASE_MS,
  DEFAULT_BACKOFF_MAX_MS,
} from "./backoff-delay.ts";
export {
  classifyError,
  ERROR_CODES,
  type ErrorClassification,
  type ErrorCode,
} from "./classify-error.ts";
export { parseRetryAfterMs } from "./retry-after.ts";

// How long to wait before the next attempt: exponential backoff with full jitter (so many
// workers retrying together spread out), but never sooner than the server's retry-after.

export interface BackoffOptions {
  /** Upper bound of the first retry's delay. */
  baseMs?: number;
  /** Ceiling for the exponential part; a server's retry-after may exceed it. */
  maxMs?: number;
  /** Injectable for tests; returns [0, 1). */
  random?: () => number;
}

export const DEFAULT_BACKOFF_BASE_MS = 1_000;
export const DEFAULT_BACKOFF_MAX_MS = 30_000;

/** `attempt` is the number of the attempt that just failed, starting at 1. */
export function backoffDelayMs(
  attempt: number,
  retryAfterMs?: number,
  options: BackoffOptions = {},
): number {
  const baseMs = options.baseMs ?? DEFAULT_BACKOFF_BASE_MS;
  const maxMs = options.maxMs ?? DEFAULT_BACKOFF_MAX_MS;
  const random = options.random ?? Math.random;
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  const ceiling = Math.min(maxMs, baseMs * 2 ** exponent);
  if (retryAfterMs !== undefined && retryAfterMs >= 0) {
    // The server knows when capacity returns; a little jitter on top keeps a crowd of clients
    // from arriving in the same millisecond.
    return retryAfterMs + random() * Math.min(baseMs, ceiling) * 0.25;
  }
  return random() * ceiling;
}

// Keeps one process under the provider's limits: requests, input tokens and output tokens per
// minute as separate token buckets, a pause after retry-after, and adaptive concurrency.
// Share one instance between all calls of a process.
import { AdaptiveConcurrency } from "./adaptive-concurrency.ts";
import { abortReason, type Clock, systemClock } from "./clock.ts";
import { type HeaderReader, parseRateLimitHeaders } from "./rate-limit-headers.ts";
import { TokenBucket } from "./token-bucket.ts";

export interface RateLimiterOptions {
  /** Starting limits; the provider's headers replace them after the first response. */
  requestsPerMinute?: number;
  inputTokensPerMinute?: number;
  outputTokensPerMinute?: number;
  /** Upper bound of calls in flight. */
  maxConcurrency?: number;
  initialConcurrency?: number;
  successesToGrow?: number;
  clock?: Clock;
}

/** Anthropic's tier-1 limits for Sonnet: safe until the first response tells us the real ones. */
export const DEFAULT_RATE_LIMITS = {
  requestsPerMinute: 50,
  inputTokensPerMinute: 30_000,
  outputTokensPerMinute: 8_000,
  maxConcurrency: 8,
} as const;

export interface RateLimitRequest {
  /** Input tokens that count against the limit (estimate; cache reads do not count). */
  inputTokens: number;
  /** The call's `max_tokens`: reserved in full until the real output is known. */
  maxOutputTokens: number;
}

export interface Reservation {
  readonly id: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Concurrency epoch the call started in (see AdaptiveConcurrency). */
  readonly epoch: number;
  readonly grantedAt: number;
}

export interface ActualUsage {
  /** Input tokens that count against the input limit: uncached input plus cache writes. */
  inputTokens: number;
  outputTokens: number;
}

interface Waiter {
  request: RateLimitRequest;
  resolve: (reservation: Reservation) => void;
  reject: (error: Error) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

export interface RateLimiterSnapshot {
  concurrencyLimit: number;
  inFlight: number;
  queued: number;
  pausedUntil: number | null;
  requests: { limit: number; available: number };
  inputTokens: { limit: number; available: number };
  outputTokens: { limit: number; available: number };
}

export class RateLimiter {
  private readonly clock: Clock;
  private readonly requests: TokenBucket;
  private readonly inputTokens: TokenBucket;
  private readonly outputTokens: TokenBucket;
  private readonly concurrency: AdaptiveConcurrency;
  private readonly queue: Waiter[] = [];
  private readonly active = new Set<number>();
  private pausedUntil = 0;
  private nextId = 1;
  private cancelTimer: (() => void) | null = null;

  constructor(options: RateLimiterOptions = {}) {
    this.clock = options.clock ?? systemClock;
    const now = this.clock.now();
    this.requests = new TokenBucket(
      options.requestsPerMinute ?? DEFAULT_RATE_LIMITS.requestsPerMinute,
      now,
    );
    this.inputTokens = new TokenBucket(
      options.inputTokensPerMinute ?? DEFAULT_RATE_LIMITS.inputTokensPerMinute,
      now,
    );
    this.outputTokens = new TokenBucket(
      options.outputTokensPerMinute ?? DEFAULT_RATE_LIMITS.outputTokensPerMinute,
      now,
    );
    this.concurrency = new AdaptiveConcurrency({
      max: options.maxConcurrency ?? DEFAULT_RATE_LIMITS.maxConcurrency,
      ...(options.initialConcurrency !== undefined ? { initial: options.initialConcurrency } : {}),
      ...(options.successesToGrow !== undefined
        ? { successesToGrow: options.successesToGrow }
        : {}),
    });
  }

  /**
   * Resolves when the call may start: a concurrency slot is free, no pause is in force and all
   * three buckets hold enough. Callers are served first come, first served. Rejects if `signal`
   * aborts first.
   */
  acquire(request: RateLimitRequest, signal?: AbortSignal): Promise<Reservation> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { request, resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) this.queue.splice(index, 1);
          reject(abortReason(signal));
          this.pump();
        };
        signal.addEventListener("abort", waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.pump();
    });
  }

  /**
   * Ends a call: frees its slot and returns what it reserved but did not use. `actual` null means
   * the call produced nothing (refused or failed), so the output reservation comes back whole.
   */
  settle(reservation: Reservation, actual: ActualUsage | null): void {
    if (!this.active.delete(reservation.id)) return;
    const now = this.clock.now();
    const outputUsed = actual ? actual.outputTokens : 0;
    this.outputTokens.give(Math.max(0, reservation.outputTokens - outputUsed), now);
    if (outputUsed > reservation.outputTokens) {
      this.outputTokens.take(outputUsed - reservation.outputTokens, now);
    }
    if (actual) {
      // Cache reads do not count against the input limit, so estimates are often too high.
      const delta = reservation.inputTokens - actual.inputTokens;
      if (delta > 0) this.inputTokens.give(delta, now);
      else if (delta < 0) this.inputTokens.take(-delta, now);
    }
    this.pump();
  }

  /** Adopts the provider's limits and remaining capacity; they count calls from every process. */
  observeHeaders(headers: HeaderReader): void {
    const parsed = parseRateLimitHeaders(headers);
    const now = this.clock.now();
    if (parsed.requests) this.requests.calibrate(parsed.requests, now);
    if (parsed["input-tokens"]) this.inputTokens.calibrate(parsed["input-tokens"], now);
    if (parsed["output-tokens"]) this.outputTokens.calibrate(parsed["output-tokens"], now);
    this.pump();
  }

  /** The provider said when to come back: nobody in this process calls before then. */
  pauseFor(ms: number): void {
    if (!(ms > 0)) return;
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
    this.pump();
  }

  recordSuccess(): void {
    this.concurrency.onSuccess();
    this.pump();
  }

  /** A 429 or 529: halve concurrency (once per overload) and honour retry-after if given. */
  recordThrottle(reservation?: Reservation, retryAfterMs?: number): void {
    this.concurrency.onThrottle(reservation?.epoch);
    if (retryAfterMs !== undefined) this.pauseFor(retryAfterMs);
  }

  snapshot(): RateLimiterSnapshot {
    const now = this.clock.now();
    return {
      concurrencyLimit: this.concurrency.limit,
      inFlight: this.active.size,
      queued: this.queue.length,
      pausedUntil: this.pausedUntil > now ? this.pausedUntil : null,
      requests: { limit: this.requests.capacity, available: this.requests.available(now) },
      inputTokens: { limit: this.inputTokens.capacity, available: this.inputTokens.available(now) },
      outputTokens: {
        limit: this.outputTokens.capacity,
        available: this.outputTokens.available(now),
      },
    };
  }

  private pump(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    while (this.queue.length > 0) {
      if (this.active.size >= this.concurrency.limit) return; // settle() pumps again
      const head = this.queue[0] as Waiter;
      const now = this.clock.now();
      const wait = Math.max(
        this.pausedUntil - now,
        this.requests.waitMs(1, now),
        this.inputTokens.waitMs(head.request.inputTokens, now),
        this.outputTokens.waitMs(head.request.maxOutputTokens, now),
      );
      if (wait > 0) {
        if (Number.isFinite(wait)) this.cancelTimer = this.clock.setTimer(() => this.pump(), wait);
        return;
      }
      this.queue.shift();
      if (head.onAbort) head.signal?.removeEventListener("abort", head.onAbort);
      this.requests.take(1, now);
      this.inputTokens.take(head.request.inputTokens, now);
      this.outputTokens.take(head.request.maxOutputTokens, now);
      const reservation: Reservation = {
        id: this.nextId++,
        inputTokens: head.request.inputTokens,
        outputTokens: head.request.maxOutputTokens,
        epoch: this.concurrency.epoch,
        grantedAt: now,
      };
      this.active.add(reservation.id);
      head.resolve(reservation);
    }
  }
}

export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  return new RateLimiter(options);
}

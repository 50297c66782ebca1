// Keeps calls under the provider's limits: requests, input tokens and output tokens per minute
// for each model's limit group, a pause after retry-after, and adaptive concurrency. The budget
// is this process's own token buckets, or, with a shared store, a slice leased from the
// organisation's budget that every worker shares. Share one instance between all calls of a process.
import { randomUUID } from "node:crypto";
import { AdaptiveConcurrency } from "./adaptive-concurrency.ts";
import { abortReason, type Clock, systemClock } from "./clock.ts";
import { LeasedBudget } from "./leased-budget.ts";
import { limitGroupOf } from "./limit-group.ts";
import { LocalBudget } from "./local-budget.ts";
import type { RateBudget } from "./rate-budget.ts";
import type { BudgetLimits, BudgetUnits, RateBudgetStore } from "./rate-budget-store.ts";
import { type HeaderReader, parseRateLimitHeaders } from "./rate-limit-headers.ts";

export interface SharedBudgetOptions {
  store: RateBudgetStore;
  /** This process's name in the store; one lease per holder and limit group. */
  holder?: string;
  leaseMs?: number;
  onError?: (error: Error) => void;
}

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
  /** Share the organisation's budget with every other worker through this store. */
  shared?: SharedBudgetOptions;
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
  /** The model called: its limit group's budget is spent (limitGroupOf). */
  model?: string;
}

export interface Reservation {
  readonly id: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Concurrency epoch the call started in (see AdaptiveConcurrency). */
  readonly epoch: number;
  readonly grantedAt: number;
  /** The limit group whose budget it was taken from. */
  readonly group: string;
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

const DEFAULT_GROUP = "default";

export class RateLimiter {
  private readonly clock: Clock;
  private readonly initialLimits: BudgetLimits;
  private readonly budgets = new Map<string, RateBudget>();
  private readonly concurrency: AdaptiveConcurrency;
  private readonly queue: Waiter[] = [];
  private readonly active = new Map<number, Reservation>();
  private readonly shared: (SharedBudgetOptions & { holder: string }) | null;
  private lastGroup = DEFAULT_GROUP;
  private pausedUntil = 0;
  private nextId = 1;
  private cancelTimer: (() => void) | null = null;

  constructor(options: RateLimiterOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.initialLimits = {
      requests: options.requestsPerMinute ?? DEFAULT_RATE_LIMITS.requestsPerMinute,
      inputTokens: options.inputTokensPerMinute ?? DEFAULT_RATE_LIMITS.inputTokensPerMinute,
      outputTokens: options.outputTokensPerMinute ?? DEFAULT_RATE_LIMITS.outputTokensPerMinute,
    };
    this.shared = options.shared
      ? { ...options.shared, holder: options.shared.holder ?? randomUUID() }
      : null;
    this.concurrency = new AdaptiveConcurrency({
      max: options.maxConcurrency ?? DEFAULT_RATE_LIMITS.maxConcurrency,
      ...(options.initialConcurrency !== undefined ? { initial: options.initialConcurrency } : {}),
      ...(options.successesToGrow !== undefined
        ? { successesToGrow: options.successesToGrow }
        : {}),
    });
  }

  /**
   * Resolves when the call may start: a concurrency slot is free, no pause is in force and its
   * limit group's budget holds enough. Callers are served first come, first served. Rejects if
   * `signal` aborts first.
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
    const budget = this.budget(reservation.group);
    const outputUsed = actual ? actual.outputTokens : 0;
    // Cache reads do not count against the input limit, so estimates are often too high.
    const inputDelta = actual ? reservation.inputTokens - actual.inputTokens : 0;
    budget.adjust(
      {
        requests: 0,
        inputTokens: inputDelta,
        outputTokens: reservation.outputTokens - outputUsed,
      },
      now,
    );
    this.reportOutstanding(reservation.group);
    this.pump();
  }

  /**
   * Adopts the provider's limits and remaining capacity (they count calls from every process)
   * for the group the call was made in.
   */
  observeHeaders(headers: HeaderReader, reservation?: Reservation): void {
    const parsed = parseRateLimitHeaders(headers);
    this.budget(reservation?.group ?? this.lastGroup).calibrate(parsed, this.clock.now());
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

  /**
   * A 429 or 529: halve concurrency (once per overload) and honour retry-after if given; with a
   * shared budget every other worker pauses too.
   */
  recordThrottle(reservation?: Reservation, retryAfterMs?: number): void {
    this.concurrency.onThrottle(reservation?.epoch);
    if (retryAfterMs !== undefined && retryAfterMs > 0) {
      this.budget(reservation?.group ?? this.lastGroup).throttled(this.clock.now() + retryAfterMs);
      this.pauseFor(retryAfterMs);
    }
  }

  snapshot(): RateLimiterSnapshot {
    const now = this.clock.now();
    const budget = this.budget(this.lastGroup);
    const limits = budget.limits();
    const available = budget.available(now);
    return {
      concurrencyLimit: this.concurrency.limit,
      inFlight: this.active.size,
      queued: this.queue.length,
      pausedUntil: this.pausedUntil > now ? this.pausedUntil : null,
      requests: { limit: limits.requests, available: available.requests },
      inputTokens: { limit: limits.inputTokens, available: available.inputTokens },
      outputTokens: { limit: limits.outputTokens, available: available.outputTokens },
    };
  }

  /** Gives every leased slice back to the shared store (a clean shutdown). */
  async close(): Promise<void> {
    this.cancelTimer?.();
    this.cancelTimer = null;
    await Promise.all([...this.budgets.values()].map((budget) => budget.close()));
  }

  private budget(group: string): RateBudget {
    let budget = this.budgets.get(group);
    if (!budget) {
      budget = this.shared
        ? new LeasedBudget({
            store: this.shared.store,
            group,
            holder: this.shared.holder,
            initialLimits: this.initialLimits,
            clock: this.clock,
            wake: () => this.pump(),
            ...(this.shared.leaseMs !== undefined ? { leaseMs: this.shared.leaseMs } : {}),
            ...(this.shared.onError ? { onError: this.shared.onError } : {}),
          })
        : new LocalBudget(this.initialLimits, this.clock.now());
      this.budgets.set(group, budget);
    }
    return budget;
  }

  /** What this process's calls in `group` still hold of the budget, for its lease. */
  private reportOutstanding(group: string): void {
    let outputTokens = 0;
    for (const reservation of this.active.values()) {
      if (reservation.group === group) outputTokens += reservation.outputTokens;
    }
    this.budget(group).setOutstanding({ requests: 0, inputTokens: 0, outputTokens });
  }

  private pump(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    while (this.queue.length > 0) {
      if (this.active.size >= this.concurrency.limit) return; // settle() pumps again
      const head = this.queue[0] as Waiter;
      const now = this.clock.now();
      const group = head.request.model ? limitGroupOf(head.request.model) : DEFAULT_GROUP;
      const budget = this.budget(group);
      const need: BudgetUnits = {
        requests: 1,
        inputTokens: head.request.inputTokens,
        outputTokens: head.request.maxOutputTokens,
      };
      const budgetWait = budget.waitMs(need, now);
      if (budgetWait === null) return; // a top-up from the shared store wakes us
      const wait = Math.max(this.pausedUntil - now, budgetWait);
      if (wait > 0) {
        if (Number.isFinite(wait)) this.cancelTimer = this.clock.setTimer(() => this.pump(), wait);
        return;
      }
      this.queue.shift();
      if (head.onAbort) head.signal?.removeEventListener("abort", head.onAbort);
      budget.take(need, now);
      const reservation: Reservation = {
        id: this.nextId++,
        inputTokens: head.request.inputTokens,
        outputTokens: head.request.maxOutputTokens,
        epoch: this.concurrency.epoch,
        grantedAt: now,
        group,
      };
      this.active.set(reservation.id, reservation);
      this.lastGroup = group;
      this.reportOutstanding(group);
      head.resolve(reservation);
    }
  }
}

export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  return new RateLimiter(options);
}

// A slice of the organisation's budget leased from the shared store, so a call does not pay a
// round trip every time: calls spend the slice locally; when it runs short one exchange tops it
// up (or says how long to wait), and an idle slice goes back. The lease is renewed while the
// process holds anything; if the process dies, the store returns the lease when it expires.
import type { Clock } from "./clock.ts";
import type { RateBudget } from "./rate-budget.ts";
import {
  type BudgetExchangeResult,
  type BudgetLimits,
  type BudgetUnits,
  NO_UNITS,
  type RateBudgetStore,
} from "./rate-budget-store.ts";
import type { RateLimitHeaders } from "./rate-limit-headers.ts";

export interface LeasedBudgetOptions {
  store: RateBudgetStore;
  group: string;
  holder: string;
  initialLimits: BudgetLimits;
  clock: Clock;
  /** Wakes the limiter when a top-up lands or a wait is over. */
  wake: () => void;
  leaseMs?: number;
  onError?: (error: Error) => void;
}

const UNITS = ["requests", "inputTokens", "outputTokens"] as const;
const add = (a: BudgetUnits, b: BudgetUnits): BudgetUnits => ({
  requests: a.requests + b.requests,
  inputTokens: a.inputTokens + b.inputTokens,
  outputTokens: a.outputTokens + b.outputTokens,
});
const positive = (a: BudgetUnits): BudgetUnits => ({
  requests: Math.max(0, a.requests),
  inputTokens: Math.max(0, a.inputTokens),
  outputTokens: Math.max(0, a.outputTokens),
});
const isEmpty = (a: BudgetUnits) => UNITS.every((unit) => a[unit] <= 0);

/** Calibrations are pushed at most this often: every response carries headers. */
const CALIBRATE_EVERY_MS = 1_000;
/** A refused top-up is retried at least this late, so waiting holders do not hammer the store. */
const MIN_RETRY_MS = 25;

export class LeasedBudget implements RateBudget {
  private slice: BudgetUnits = { ...NO_UNITS };
  private outstanding: BudgetUnits = { ...NO_UNITS };
  private knownLimits: BudgetLimits;
  private pausedUntil = 0;
  private exchanging = false;
  private retryAt = 0;
  private cancelRetry: (() => void) | null = null;
  private cancelRenew: (() => void) | null = null;
  private lastCalibration = 0;
  private closed = false;
  private readonly leaseMs: number;
  private readonly options: LeasedBudgetOptions;

  constructor(options: LeasedBudgetOptions) {
    this.options = options;
    this.knownLimits = { ...options.initialLimits };
    this.leaseMs = options.leaseMs ?? 15_000;
  }

  waitMs(need: BudgetUnits, now: number): number | null {
    if (this.pausedUntil > now) return this.pausedUntil - now;
    if (UNITS.every((unit) => this.slice[unit] >= need[unit])) return 0;
    if (this.exchanging || this.retryAt > now || this.closed) return null;
    // Only the units the slice lacks are asked for: asking for a unit the slice already covers
    // would make the exchange wait for that bucket too (output refills slowest).
    // One call's worth ahead of each lacking unit when the budget is roomy (≤ 2% of every limit
    // per call): fewer round trips at high tiers without starving other holders at tight ones.
    const roomy = UNITS.every((unit) => need[unit] <= this.knownLimits[unit] * 0.02);
    const want = { ...NO_UNITS };
    for (const unit of UNITS) {
      const deficit = need[unit] - this.slice[unit];
      if (deficit > 0) want[unit] = roomy ? deficit + need[unit] : deficit;
    }
    this.exchange(NO_UNITS, want);
    return null;
  }

  take(need: BudgetUnits): void {
    this.slice = {
      requests: this.slice.requests - need.requests,
      inputTokens: this.slice.inputTokens - need.inputTokens,
      outputTokens: this.slice.outputTokens - need.outputTokens,
    };
  }

  adjust(delta: BudgetUnits): void {
    this.slice = add(this.slice, delta);
  }

  setOutstanding(units: BudgetUnits): void {
    this.outstanding = units;
  }

  calibrate(headers: RateLimitHeaders, now: number): void {
    const limits: Partial<Record<keyof BudgetUnits, { limit: number; remaining: number }>> = {};
    if (headers.requests) limits.requests = headers.requests;
    if (headers["input-tokens"]) limits.inputTokens = headers["input-tokens"];
    if (headers["output-tokens"]) limits.outputTokens = headers["output-tokens"];
    for (const unit of UNITS) {
      const limit = limits[unit]?.limit;
      if (limit && limit > 0) this.knownLimits[unit] = limit;
    }
    if (Object.keys(limits).length === 0 || now - this.lastCalibration < CALIBRATE_EVERY_MS) return;
    this.lastCalibration = now;
    this.options.store
      .calibrate({ group: this.options.group, initialLimits: this.knownLimits, limits })
      .catch((error: Error) => this.options.onError?.(error));
  }

  throttled(untilMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, untilMs);
    this.options.store
      .pause(this.options.group, untilMs, this.knownLimits)
      .catch((error: Error) => this.options.onError?.(error));
  }

  limits(): BudgetLimits {
    return { ...this.knownLimits };
  }

  available(): BudgetUnits {
    return { ...this.slice };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.cancelRetry?.();
    this.cancelRenew?.();
    const give = positive(add(this.slice, this.outstanding));
    this.slice = { ...NO_UNITS };
    await this.options.store.release(this.options.holder, new Map([[this.options.group, give]]));
  }

  private exchange(give: BudgetUnits, want: BudgetUnits): void {
    this.exchanging = true;
    this.slice = add(this.slice, {
      requests: -give.requests,
      inputTokens: -give.inputTokens,
      outputTokens: -give.outputTokens,
    });
    const { store, group, holder, clock } = this.options;
    store
      .exchange({
        group,
        holder,
        initialLimits: this.knownLimits,
        give,
        want,
        held: positive(add(this.slice, this.outstanding)),
        leaseMs: this.leaseMs,
      })
      .then(
        (result) => this.landed(result, want),
        (error: Error) => {
          // The store is unreachable: give nothing, try again shortly (the database may be restarting).
          this.options.onError?.(error);
          this.retryAt = clock.now() + 1_000;
        },
      )
      .finally(() => {
        this.exchanging = false;
        this.scheduleRetry();
        this.scheduleRenew();
        this.options.wake();
      });
  }

  private landed(result: BudgetExchangeResult, want: BudgetUnits): void {
    this.knownLimits = { ...result.limits };
    this.pausedUntil = Math.max(this.pausedUntil, result.pausedUntil ?? 0);
    if (result.granted) {
      this.slice = add(this.slice, want);
      this.retryAt = 0;
    } else {
      this.retryAt = this.options.clock.now() + Math.max(MIN_RETRY_MS, result.waitMs);
    }
  }

  private scheduleRetry(): void {
    this.cancelRetry?.();
    this.cancelRetry = null;
    const wait = this.retryAt - this.options.clock.now();
    if (wait > 0 && !this.closed) {
      this.cancelRetry = this.options.clock.setTimer(() => {
        this.retryAt = 0;
        this.options.wake();
      }, wait);
    }
  }

  /**
   * Keeps the lease alive while this process holds a slice or has calls out, and hands an idle
   * slice back (a waiting call would already have spent it or asked for more).
   */
  private scheduleRenew(): void {
    // A steady cadence: top-ups must not keep pushing the renewal (and the hand-back) away.
    if (this.cancelRenew || this.closed) return;
    const holding = !isEmpty(positive(this.slice)) || !isEmpty(this.outstanding);
    if (!holding) return;
    this.cancelRenew = this.options.clock.setTimer(
      () => {
        this.cancelRenew = null;
        if (this.exchanging || this.closed) return this.scheduleRenew();
        this.exchange(positive(this.slice), NO_UNITS);
      },
      Math.min(this.leaseMs / 3, 2_000),
    );
  }
}

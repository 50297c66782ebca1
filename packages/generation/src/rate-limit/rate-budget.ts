// One limit group's budget as the rate limiter sees it: either three local token buckets (one
// process owns the budget) or a slice leased from the shared store (leased-budget.ts).

import type { BudgetLimits, BudgetUnits } from "./rate-budget-store.ts";
import type { RateLimitHeaders } from "./rate-limit-headers.ts";

export interface RateBudget {
  /**
   * Milliseconds until `need` fits (0: now). null: a top-up from the shared store is on its way
   * and the limiter is woken when it lands.
   */
  waitMs(need: BudgetUnits, now: number): number | null;
  take(need: BudgetUnits, now: number): void;
  /** Gives back unused units (positive) or charges units used beyond the reservation (negative). */
  adjust(delta: BudgetUnits, now: number): void;
  calibrate(headers: RateLimitHeaders, now: number): void;
  /** The provider answered 429 with this pause. */
  throttled(untilMs: number): void;
  /** Units outstanding in this process's calls (their output reservations), for the lease. */
  setOutstanding(units: BudgetUnits): void;
  limits(): BudgetLimits;
  available(now: number): BudgetUnits;
  close(): Promise<void>;
}

// Where the organisation's rate budget lives when several processes share it: generation
// defines the contract, packages/db implements it on Postgres, apps/jobs wires the two.
// Every call is one atomic exchange with the shared token buckets of one limit group.

export interface BudgetUnits {
  requests: number;
  inputTokens: number;
  outputTokens: number;
}

/** Requests, input tokens and output tokens per minute. */
export type BudgetLimits = BudgetUnits;

export interface BudgetExchange {
  /** The model's limit group (limitGroupOf). */
  group: string;
  /** This process: one lease per holder and group. */
  holder: string;
  /** Limits to start the group with when no process has seen the provider's headers yet. */
  initialLimits: BudgetLimits;
  /** Unused slice handed back to the shared buckets. */
  give: BudgetUnits;
  /** Slice asked for: granted whole or not at all (the head call must fit in it). */
  want: BudgetUnits;
  /**
   * What the holder keeps after this exchange (its slice and its calls' outstanding output
   * reservations): returned to the buckets if the lease expires without being renewed.
   */
  held: BudgetUnits;
  /** How long the lease lives without another exchange. */
  leaseMs: number;
}

export interface BudgetExchangeResult {
  granted: boolean;
  /** When not granted: how long until the shared buckets hold `want` (0 when paused only). */
  waitMs: number;
  limits: BudgetLimits;
  /** Epoch ms before which nobody calls (a 429's retry-after), or null. */
  pausedUntil: number | null;
}

export interface BudgetCalibration {
  group: string;
  initialLimits: BudgetLimits;
  /** The provider's limit and remaining per unit, from anthropic-ratelimit-* headers. */
  limits: Partial<Record<keyof BudgetUnits, { limit: number; remaining: number }>>;
}

export interface RateBudgetStore {
  exchange(request: BudgetExchange): Promise<BudgetExchangeResult>;
  /** Adopts the provider's limits; lowers what is left when the provider says less remains. */
  calibrate(calibration: BudgetCalibration): Promise<void>;
  /** A 429: every holder waits until `untilMs` (the headers that came with it lower the levels). */
  pause(group: string, untilMs: number, initialLimits: BudgetLimits): Promise<void>;
  /** Drops this holder's leases, giving back what they hold (a clean shutdown). */
  release(holder: string, give: ReadonlyMap<string, BudgetUnits>): Promise<void>;
}

export const NO_UNITS: BudgetUnits = Object.freeze({
  requests: 0,
  inputTokens: 0,
  outputTokens: 0,
});

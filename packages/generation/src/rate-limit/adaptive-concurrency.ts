// How many calls may be in flight: additive increase after a run of successes, multiplicative
// decrease when the provider pushes back (429/529), like TCP congestion control.

export interface AdaptiveConcurrencyOptions {
  max: number;
  initial?: number;
  /** Consecutive successes before the limit grows by one. */
  successesToGrow?: number;
}

export class AdaptiveConcurrency {
  readonly max: number;
  private current: number;
  private readonly successesToGrow: number;
  private streak = 0;
  /**
   * Bumped on every decrease. Calls that started before a decrease belong to the old epoch, so a
   * burst of 429s from one overload halves the limit once rather than once per call.
   */
  private generation = 0;

  constructor({ max, initial, successesToGrow = 5 }: AdaptiveConcurrencyOptions) {
    this.max = Math.max(1, Math.floor(max));
    this.current = Math.min(this.max, Math.max(1, Math.floor(initial ?? this.max)));
    this.successesToGrow = Math.max(1, successesToGrow);
  }

  get limit(): number {
    return this.current;
  }

  get epoch(): number {
    return this.generation;
  }

  onSuccess(): void {
    this.streak++;
    if (this.streak >= this.successesToGrow) {
      this.streak = 0;
      if (this.current < this.max) this.current++;
    }
  }

  /** Returns true when the limit came down. */
  onThrottle(startedInEpoch: number = this.generation): boolean {
    this.streak = 0;
    if (startedInEpoch !== this.generation) return false;
    this.current = Math.max(1, Math.floor(this.current / 2));
    this.generation++;
    return true;
  }
}

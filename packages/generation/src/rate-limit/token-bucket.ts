// One rate limit as Anthropic enforces it: a bucket of `capacity` units that refills
// continuously (capacity per minute) and may dip below zero when a call used more than it reserved.

export interface BucketCalibration {
  limit: number;
  remaining: number;
  /** When the bucket will be full again (epoch ms). */
  resetAt?: number;
}

const MINUTE_MS = 60_000;

export class TokenBucket {
  capacity: number;
  /** Units per millisecond. */
  private rate: number;
  private level: number;
  private updatedAt: number;

  constructor(capacityPerMinute: number, now: number) {
    this.capacity = capacityPerMinute;
    this.rate = capacityPerMinute / MINUTE_MS;
    this.level = capacityPerMinute;
    this.updatedAt = now;
  }

  private refill(now: number): void {
    if (now > this.updatedAt) {
      this.level = Math.min(this.capacity, this.level + (now - this.updatedAt) * this.rate);
      this.updatedAt = now;
    }
  }

  available(now: number): number {
    this.refill(now);
    return this.level;
  }

  /**
   * Milliseconds until `amount` can be taken. An amount above capacity waits for a full bucket
   * instead of forever: the provider accepts such a call and the bucket goes into debt.
   */
  waitMs(amount: number, now: number): number {
    this.refill(now);
    const needed = Math.min(amount, this.capacity);
    if (this.level >= needed) return 0;
    if (this.rate <= 0) return Number.POSITIVE_INFINITY;
    return Math.ceil((needed - this.level) / this.rate);
  }

  /** When the bucket would be full again, as the `-reset` header reports it. */
  fullAt(now: number): number {
    this.refill(now);
    return now + Math.ceil((this.capacity - this.level) / this.rate);
  }

  take(amount: number, now: number): void {
    this.refill(now);
    this.level -= amount;
  }

  give(amount: number, now: number): void {
    this.refill(now);
    this.level = Math.min(this.capacity, this.level + amount);
  }

  /** Adopts the provider's view: its limit, what remains, and how fast it refills. */
  calibrate({ limit, remaining, resetAt }: BucketCalibration, now: number): void {
    if (!(limit > 0)) return;
    const nominal = limit / MINUTE_MS;
    let rate = nominal;
    if (resetAt !== undefined && resetAt > now && remaining < limit) {
      // Clamped: a skewed clock must not make us think refills are wildly faster or slower.
      const observed = (limit - remaining) / (resetAt - now);
      rate = Math.min(nominal * 4, Math.max(nominal / 4, observed));
    }
    this.capacity = limit;
    this.rate = rate;
    this.level = Math.min(limit, remaining);
    this.updatedAt = now;
  }
}

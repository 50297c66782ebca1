// Splits a conversation count across tiers: from fractions by largest remainder (so 100 at
// 70/20/10 is exactly 70/20/10 and the parts always add up to the total), or from explicit counts.
import { TIERS, type Tier } from "../conversation-schema.ts";
import { PlanningError } from "./planning-error.ts";

export type TierCounts = Record<Tier, number>;

export const DEFAULT_TIER_SPLIT: Readonly<TierCounts> = Object.freeze({
  template: 0.7,
  scenario: 0.2,
  edge_case: 0.1,
});

const SUM_TOLERANCE = 1e-6;
// Guards floor() against 0.7 * 100 = 70.00000000000001-style float noise in either direction.
const FLOAT_NOISE = 1e-9;

export function allocateTierCounts(
  count: number,
  split: Partial<Record<Tier, number>>,
): TierCounts {
  assertCount(count);
  const fractions = Object.fromEntries(TIERS.map((tier) => [tier, split[tier] ?? 0])) as TierCounts;
  for (const tier of TIERS) {
    const fraction = fractions[tier];
    if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
      throw new PlanningError(`The ${tier} share must be between 0 and 1 (got ${fraction})`);
    }
  }
  const sum = TIERS.reduce((total, tier) => total + fractions[tier], 0);
  if (Math.abs(sum - 1) > SUM_TOLERANCE) {
    const parts = TIERS.map((tier) => `${tier} ${fractions[tier]}`).join(" + ");
    throw new PlanningError(
      `The tier split must add up to 1 (100 %), but ${parts} = ${Number(sum.toFixed(6))}`,
      { split: fractions },
    );
  }

  const quotas = TIERS.map((tier, order) => {
    const exact = fractions[tier] * count;
    const whole = Math.floor(exact + FLOAT_NOISE);
    return { tier, order, whole, remainder: exact - whole };
  });
  let left = count - quotas.reduce((total, quota) => total + quota.whole, 0);
  const byRemainder = [...quotas].sort((a, b) => b.remainder - a.remainder || a.order - b.order);
  for (const quota of byRemainder) {
    if (left <= 0) break;
    quota.whole++;
    left--;
  }
  return Object.fromEntries(quotas.map((quota) => [quota.tier, quota.whole])) as TierCounts;
}

export function validateTierCounts(
  counts: Partial<Record<Tier, number>>,
  total?: number,
): TierCounts {
  const resolved = Object.fromEntries(TIERS.map((tier) => [tier, counts[tier] ?? 0])) as TierCounts;
  for (const tier of TIERS) {
    const value = resolved[tier];
    if (!Number.isInteger(value) || value < 0) {
      throw new PlanningError(
        `The ${tier} count must be a whole number of at least 0 (got ${value})`,
      );
    }
  }
  const sum = TIERS.reduce((sumSoFar, tier) => sumSoFar + resolved[tier], 0);
  if (total !== undefined && sum !== total) {
    throw new PlanningError(
      `The tier counts add up to ${sum}, not the requested ${total} conversations`,
    );
  }
  return resolved;
}

export function assertCount(count: number): void {
  if (!Number.isInteger(count) || count < 0) {
    throw new PlanningError(
      `The number of conversations must be a whole number of at least 0 (got ${count})`,
    );
  }
}

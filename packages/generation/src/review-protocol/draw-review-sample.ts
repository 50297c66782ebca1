// Draws a manual review sample: a seeded random share of a batch's conversations, stratified by
// tier, so the same seed over the same conversations always draws the same sample.
import type { Tier } from "@parley/vocabulary";
import { TIERS } from "@parley/vocabulary";
import { z } from "zod";
import { createSeededRandom, seededShuffle } from "../planning/seeded-random.ts";

export const DEFAULT_SAMPLE_RATE = 0.1;

export interface SampleCandidate {
  conversationId: string;
  tier: Tier;
}

export type SampleSizeRequest = { rate: number } | { size: number };

export interface DrawnSampleItem extends SampleCandidate {
  /** 1-based order in which the sample is reviewed. */
  position: number;
}

/**
 * How many of the candidates to draw: a rate rounds up (10 % of 12 is 2, so a small batch still
 * gets looked at), then every non-empty tier needs at least one, and nothing exceeds the total.
 */
export function sampleTarget(
  candidates: number,
  nonEmptyTiers: number,
  request: SampleSizeRequest,
): number {
  if (candidates === 0) return 0;
  const wanted =
    "size" in request ? request.size : Math.ceil(candidates * request.rate - Number.EPSILON * 8);
  return Math.min(candidates, Math.max(wanted, nonEmptyTiers, 1));
}

/**
 * Proportional allocation by largest remainder (Hamilton), then one for every non-empty tier
 * taken from the tier whose share is most over its exact quota. Ties go to the tier order.
 */
export function allocateByTier(
  tierSizes: ReadonlyMap<Tier, number>,
  target: number,
): Map<Tier, number> {
  const total = [...tierSizes.values()].reduce((sum, size) => sum + size, 0);
  const tiers = TIERS.filter((tier) => (tierSizes.get(tier) ?? 0) > 0);
  const quota = new Map(tiers.map((tier) => [tier, (target * (tierSizes.get(tier) ?? 0)) / total]));
  const allocation = new Map(tiers.map((tier) => [tier, Math.floor(quota.get(tier) ?? 0)]));
  let left = target - [...allocation.values()].reduce((sum, count) => sum + count, 0);
  const byRemainder = [...tiers].sort(
    (a, b) =>
      (quota.get(b) ?? 0) -
      Math.floor(quota.get(b) ?? 0) -
      ((quota.get(a) ?? 0) - Math.floor(quota.get(a) ?? 0)),
  );
  for (const tier of byRemainder) {
    if (left === 0) break;
    allocation.set(tier, (allocation.get(tier) ?? 0) + 1);
    left--;
  }
  for (const tier of tiers) {
    if ((allocation.get(tier) ?? 0) > 0) continue;
    const donor = tiers
      .filter((other) => (allocation.get(other) ?? 0) > 1)
      .sort(
        (a, b) =>
          (allocation.get(b) ?? 0) -
          (quota.get(b) ?? 0) -
          ((allocation.get(a) ?? 0) - (quota.get(a) ?? 0)),
      )[0];
    if (donor === undefined) break;
    allocation.set(donor, (allocation.get(donor) ?? 0) - 1);
    allocation.set(tier, 1);
  }
  return allocation;
}

/**
 * The candidates are put in id order first, so the sample depends on the seed and the set of
 * conversations only, never on the order a query returned them in.
 */
export function drawReviewSample(
  candidates: readonly SampleCandidate[],
  request: SampleSizeRequest,
  seed: string,
): DrawnSampleItem[] {
  const byTier = new Map<Tier, SampleCandidate[]>();
  for (const candidate of [...candidates].sort((a, b) =>
    a.conversationId < b.conversationId ? -1 : a.conversationId > b.conversationId ? 1 : 0,
  )) {
    const list = byTier.get(candidate.tier) ?? [];
    list.push(candidate);
    byTier.set(candidate.tier, list);
  }
  const sizes = new Map([...byTier].map(([tier, list]) => [tier, list.length]));
  const allocation = allocateByTier(sizes, sampleTarget(candidates.length, byTier.size, request));
  const random = createSeededRandom(`review-sample:${seed}`);
  const drawn: SampleCandidate[] = [];
  for (const tier of TIERS) {
    const list = byTier.get(tier);
    if (!list) continue;
    drawn.push(...seededShuffle(list, random).slice(0, allocation.get(tier) ?? 0));
  }
  // Reviewed in a shuffled order too, so tiers are interleaved rather than one block each.
  return seededShuffle(drawn, random).map((item, index) => ({ ...item, position: index + 1 }));
}

/** A seed a person can read, type and pass on the command line. */
export const sampleSeedSchema = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9._-]{1,64}$/,
    "A seed is 1 to 64 letters, digits, dots, dashes or underscores",
  );

/** A rate or a size; neither means the spec's 10 %. Spread into an object with `refine(rateOrSize)`. */
export const sampleSizeFields = {
  rate: z
    .number()
    .gt(0, "The rate is a share above 0, e.g. 0.1 for 10 %")
    .max(1, "The rate is a share up to 1 (everything), e.g. 0.1 for 10 %")
    .optional(),
  size: z
    .number()
    .int("The size is a whole number of conversations")
    .min(1, "The size is at least 1 conversation")
    .max(100_000, "The size is at most 100 000 conversations")
    .optional(),
};

export const rateOrSize = [
  (input: { rate?: number | undefined; size?: number | undefined }) =>
    input.rate === undefined || input.size === undefined,
  { message: "Give a rate or a size, not both" },
] as const;

export function sampleSizeRequest(input: {
  rate?: number | undefined;
  size?: number | undefined;
}): SampleSizeRequest {
  return input.size !== undefined
    ? { size: input.size }
    : { rate: input.rate ?? DEFAULT_SAMPLE_RATE };
}

// Train/validation/test assignment decided per conversation from a hash of (seed, id), so it is
// deterministic, needs no state per conversation and works on a stream.
//
// Two plans, both constant memory:
// - `splitPlanFromRatios`: each id's hash is compared with fixed cut points. An id never changes
//   split when the dataset grows; per-tier proportions are only approximate (a tier of 10 edge
//   cases may get 0 or 3 test conversations).
// - `planStratifiedSplit`: one extra pass over (id, tier) builds a fixed-size histogram of hashes
//   per tier (65,536 buckets) and places the cut points so each tier gets its exact quota
//   (largest-remainder rounding; a split whose exact share is at least half a conversation is
//   never rounded down to none).
//   Exact unless two ids of a tier share the hash bucket at a cut point (then off by one).
//   Adding conversations moves the cut points slightly, so a few ids can change split between
//   dataset versions.
import { z } from "zod";
import { HASH_SPACE, stableHash } from "./stable-hash.ts";

export const SPLIT_NAMES = ["train", "validation", "test"] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

export const splitRatiosSchema = z
  .object({
    train: z.number().min(0),
    validation: z.number().min(0),
    test: z.number().min(0),
  })
  .refine((ratios) => ratios.train + ratios.validation + ratios.test > 0, {
    message: "At least one split ratio must be positive",
  });
export type SplitRatios = z.infer<typeof splitRatiosSchema>;

/** Hash cut points: hash < trainEnd → train, < validationEnd → validation, else test. */
export interface SplitCutoffs {
  trainEnd: number;
  validationEnd: number;
}

export interface SplitPlan {
  seed: string;
  ratios: SplitRatios;
  mode: "hash" | "stratified";
  /** Per tier (stratified plans); tiers not seen while planning use `fallback`. */
  byTier: Record<string, SplitCutoffs>;
  fallback: SplitCutoffs;
  /** Stratified plans: how many conversations of each tier each split will receive. */
  expectedCounts?: Record<string, Record<SplitName, number>>;
}

export interface SplitItem {
  id: string;
  tier: string;
}

function normalise(ratios: SplitRatios): SplitRatios {
  const parsed = splitRatiosSchema.parse(ratios);
  const total = parsed.train + parsed.validation + parsed.test;
  return {
    train: parsed.train / total,
    validation: parsed.validation / total,
    test: parsed.test / total,
  };
}

function ratioCutoffs(ratios: SplitRatios): SplitCutoffs {
  return {
    trainEnd: Math.round(ratios.train * HASH_SPACE),
    validationEnd: Math.round((ratios.train + ratios.validation) * HASH_SPACE),
  };
}

/** The stable plan: no pass over the data, proportions approximate. */
export function splitPlanFromRatios(ratios: SplitRatios, seed: string): SplitPlan {
  const normalised = normalise(ratios);
  return { seed, ratios: normalised, mode: "hash", byTier: {}, fallback: ratioCutoffs(normalised) };
}

export function assignSplit(plan: SplitPlan, item: SplitItem): SplitName {
  const cutoffs = plan.byTier[item.tier] ?? plan.fallback;
  const hash = stableHash(plan.seed, item.id);
  if (hash < cutoffs.trainEnd) return "train";
  if (hash < cutoffs.validationEnd) return "validation";
  return "test";
}

/** Exact counts per split for `count` items: largest remainder, no non-empty split starved. */
export function splitQuotas(count: number, ratios: SplitRatios): Record<SplitName, number> {
  const normalised = normalise(ratios);
  const quotas = { train: 0, validation: 0, test: 0 };
  const fractions = SPLIT_NAMES.map((name) => {
    const exact = count * normalised[name];
    quotas[name] = Math.floor(exact);
    return { name, fraction: exact - Math.floor(exact) };
  });
  let remaining = count - quotas.train - quotas.validation - quotas.test;
  for (const { name } of [...fractions].sort((a, b) => b.fraction - a.fraction)) {
    if (remaining <= 0) break;
    quotas[name]++;
    remaining--;
  }
  // A 10-conversation tier at 90/5/5 would otherwise have a validation example but no test one.
  for (const name of SPLIT_NAMES) {
    if (quotas[name] > 0 || count * normalised[name] < 0.5) continue;
    const donor = [...SPLIT_NAMES].sort((a, b) => quotas[b] - quotas[a])[0];
    if (donor && quotas[donor] > 1) {
      quotas[donor]--;
      quotas[name]++;
    }
  }
  return quotas;
}

const BUCKET_BITS = 16;
const BUCKETS = 2 ** BUCKET_BITS;
const BUCKET_WIDTH = HASH_SPACE / BUCKETS;

/** Pass one of a stratified split: reads only ids and tiers, keeps one histogram per tier. */
export async function planStratifiedSplit(
  items: AsyncIterable<SplitItem> | Iterable<SplitItem>,
  ratios: SplitRatios,
  seed: string,
): Promise<SplitPlan> {
  const normalised = normalise(ratios);
  const histograms = new Map<string, { counts: Uint32Array; total: number }>();
  for await (const item of items) {
    let histogram = histograms.get(item.tier);
    if (!histogram) {
      histogram = { counts: new Uint32Array(BUCKETS), total: 0 };
      histograms.set(item.tier, histogram);
    }
    const bucket = Math.floor(stableHash(seed, item.id) / BUCKET_WIDTH);
    histogram.counts[bucket] = (histogram.counts[bucket] ?? 0) + 1;
    histogram.total++;
  }

  const byTier: Record<string, SplitCutoffs> = {};
  const expectedCounts: Record<string, Record<SplitName, number>> = {};
  for (const [tier, histogram] of histograms) {
    const quotas = splitQuotas(histogram.total, normalised);
    const cumulative = new Uint32Array(BUCKETS + 1);
    for (let b = 0; b < BUCKETS; b++)
      cumulative[b + 1] = (cumulative[b] ?? 0) + (histogram.counts[b] ?? 0);
    const trainBoundary = closestBoundary(cumulative, quotas.train, 0);
    const validationBoundary = closestBoundary(
      cumulative,
      quotas.train + quotas.validation,
      trainBoundary,
    );
    byTier[tier] = {
      trainEnd: trainBoundary * BUCKET_WIDTH,
      validationEnd: validationBoundary * BUCKET_WIDTH,
    };
    const trainCount = cumulative[trainBoundary] ?? 0;
    const upToValidation = cumulative[validationBoundary] ?? 0;
    expectedCounts[tier] = {
      train: trainCount,
      validation: upToValidation - trainCount,
      test: histogram.total - upToValidation,
    };
  }
  return {
    seed,
    ratios: normalised,
    mode: "stratified",
    byTier,
    fallback: ratioCutoffs(normalised),
    expectedCounts,
  };
}

/**
 * The bucket boundary whose cumulative count is closest to `target`. Of the equally good
 * boundaries (a gap between two hashes) it takes the middle one, so a few new ids rarely move it.
 */
function closestBoundary(cumulative: Uint32Array, target: number, from: number): number {
  let bestDistance = Number.POSITIVE_INFINITY;
  let first = from;
  let last = from;
  for (let b = from; b <= BUCKETS; b++) {
    const distance = Math.abs((cumulative[b] ?? 0) - target);
    if (distance < bestDistance) {
      bestDistance = distance;
      first = b;
      last = b;
    } else if (distance === bestDistance) {
      last = b;
    } else if ((cumulative[b] ?? 0) > target) {
      break;
    }
  }
  return Math.floor((first + last) / 2);
}

// A review sample's result: verdict counts overall, per tier and per checklist category, and the
// pass rate against the spec's bar ("Manual review sample: 10/100 (all passed)").
import { TIERS, type Tier } from "@parley/vocabulary";
import {
  type ChecklistAnswers,
  type ChecklistCategoryKey,
  passedCategories,
  REVIEW_CHECKLIST,
  type SampleVerdict,
} from "./review-checklist.ts";

/** The spec's bar: every sampled conversation passes (APPROVED or APPROVED WITH NOTES). */
export const SAMPLE_PASS_RATE_REQUIRED = 1;

export interface SampleResultItem {
  tier: Tier;
  verdict: SampleVerdict | null;
  checklist: ChecklistAnswers | null;
}

export interface VerdictCounts {
  approved: number;
  approvedWithNotes: number;
  rejected: number;
}

export interface ReviewSampleResult extends VerdictCounts {
  size: number;
  reviewed: number;
  unreviewed: number;
  /** (APPROVED + APPROVED WITH NOTES) / reviewed; null until one is reviewed. */
  passRate: number | null;
  passRateRequired: number;
  /**
   * met: every sampled conversation reviewed and the pass rate at the bar; not_met: the bar can
   * no longer be reached (too many rejected); incomplete: it still depends on unreviewed ones.
   */
  outcome: "met" | "not_met" | "incomplete";
  byTier: Partial<Record<Tier, VerdictCounts & { size: number; reviewed: number }>>;
  byCategory: Record<ChecklistCategoryKey, { passed: number; failed: number }>;
}

const VERDICT_FIELD: Readonly<Record<SampleVerdict, keyof VerdictCounts>> = {
  approved: "approved",
  approved_with_notes: "approvedWithNotes",
  rejected: "rejected",
};

export function summariseReviewSample(items: readonly SampleResultItem[]): ReviewSampleResult {
  const counts: VerdictCounts = { approved: 0, approvedWithNotes: 0, rejected: 0 };
  const byTier: ReviewSampleResult["byTier"] = {};
  const byCategory = Object.fromEntries(
    REVIEW_CHECKLIST.map((category) => [category.key, { passed: 0, failed: 0 }]),
  ) as ReviewSampleResult["byCategory"];
  for (const tier of TIERS) {
    if (items.some((item) => item.tier === tier)) {
      byTier[tier] = { size: 0, reviewed: 0, approved: 0, approvedWithNotes: 0, rejected: 0 };
    }
  }
  let reviewed = 0;
  for (const item of items) {
    const tier = byTier[item.tier];
    if (tier) tier.size++;
    if (item.verdict === null) continue;
    reviewed++;
    counts[VERDICT_FIELD[item.verdict]]++;
    if (tier) {
      tier.reviewed++;
      tier[VERDICT_FIELD[item.verdict]]++;
    }
    const passed = new Set(passedCategories(item.checklist ?? {}));
    for (const category of REVIEW_CHECKLIST) {
      byCategory[category.key][passed.has(category.key) ? "passed" : "failed"]++;
    }
  }
  const size = items.length;
  const passing = counts.approved + counts.approvedWithNotes;
  const bestPossible = size > 0 ? (size - counts.rejected) / size : 0;
  const outcome =
    size > 0 && reviewed === size && passing / size >= SAMPLE_PASS_RATE_REQUIRED
      ? "met"
      : size === 0 || bestPossible < SAMPLE_PASS_RATE_REQUIRED
        ? "not_met"
        : "incomplete";
  return {
    size,
    reviewed,
    unreviewed: size - reviewed,
    ...counts,
    passRate: reviewed > 0 ? passing / reviewed : null,
    passRateRequired: SAMPLE_PASS_RATE_REQUIRED,
    outcome,
    byTier,
    byCategory,
  };
}

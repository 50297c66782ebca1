// The "Manual review sample" section of a dataset package: for each batch in the package, its
// newest review sample (seed, size, verdicts, pass rate, what is still unreviewed), in
// quality-report.json, in the dataset card, and as advice when the spec's bar is not met.
import {
  CHECKLIST_CATEGORY_KEYS,
  type ReviewSampleResult,
  SAMPLE_VERDICT_LABELS,
} from "@parley/generation";

/** A batch's newest review sample as the package reports it (db's BatchReviewSample fits). */
export interface ManualReviewSample {
  batchId: string;
  batchName: string;
  seed: string;
  rate: number | null;
  requestedSize: number | null;
  size: number;
  createdAt: Date;
  result: ReviewSampleResult;
}

export interface ManualReviewSampleEntry {
  batch_id: string;
  batch_name: string;
  seed: string;
  /** The share asked for, or null when a size was asked for. */
  rate: number | null;
  sample_size: number;
  drawn_at: string;
  reviewed: number;
  unreviewed: number;
  approved: number;
  approved_with_notes: number;
  rejected: number;
  /** (APPROVED + APPROVED WITH NOTES) / reviewed; null until one is reviewed. */
  pass_rate: number | null;
  pass_rate_required: number;
  outcome: ReviewSampleResult["outcome"];
  by_tier: Record<
    string,
    { size: number; approved: number; approved_with_notes: number; rejected: number }
  >;
  by_category: Record<string, { passed: number; failed: number }>;
}

export function manualReviewSampleEntries(
  samples: readonly ManualReviewSample[],
): ManualReviewSampleEntry[] {
  return samples.map((sample) => ({
    batch_id: sample.batchId,
    batch_name: sample.batchName,
    seed: sample.seed,
    rate: sample.rate,
    sample_size: sample.size,
    drawn_at: sample.createdAt.toISOString(),
    reviewed: sample.result.reviewed,
    unreviewed: sample.result.unreviewed,
    approved: sample.result.approved,
    approved_with_notes: sample.result.approvedWithNotes,
    rejected: sample.result.rejected,
    pass_rate:
      sample.result.passRate === null ? null : Math.round(sample.result.passRate * 1000) / 1000,
    pass_rate_required: sample.result.passRateRequired,
    outcome: sample.result.outcome,
    by_tier: Object.fromEntries(
      Object.entries(sample.result.byTier).map(([tier, counts]) => [
        tier,
        {
          size: counts.size,
          approved: counts.approved,
          approved_with_notes: counts.approvedWithNotes,
          rejected: counts.rejected,
        },
      ]),
    ),
    by_category: Object.fromEntries(
      CHECKLIST_CATEGORY_KEYS.map((key) => [key, sample.result.byCategory[key]]),
    ),
  }));
}

function percent(rate: number | null): string {
  return rate === null ? "n/a" : `${Math.round(rate * 1000) / 10} %`;
}

const OUTCOME_WORDS: Readonly<Record<ReviewSampleResult["outcome"], string>> = {
  met: "meets the bar (every sampled conversation passed)",
  not_met: "does not meet the bar (every sampled conversation must pass)",
  incomplete: "not finished: the bar depends on the conversations still unreviewed",
};

/** The card's section body; says so when no batch of the package was sampled. */
export function manualReviewSampleMarkdown(entries: readonly ManualReviewSampleEntry[]): string {
  if (entries.length === 0) {
    return "No review sample was drawn for the batches in this package (spec: review a 10 % sample with the manual checklist).";
  }
  return entries
    .map((entry) =>
      [
        `- **${entry.batch_name.replace(/[*_`[\]]/g, "\\$&")}**: ${entry.sample_size} conversations drawn with seed \`${entry.seed}\`${entry.rate === null ? "" : ` (${percent(entry.rate)} of the batch)`}`,
        `  - ${entry.approved} ${SAMPLE_VERDICT_LABELS.approved}, ${entry.approved_with_notes} ${SAMPLE_VERDICT_LABELS.approved_with_notes}, ${entry.rejected} ${SAMPLE_VERDICT_LABELS.rejected}, ${entry.unreviewed} unreviewed`,
        `  - Pass rate ${percent(entry.pass_rate)} of ${entry.reviewed} reviewed: ${OUTCOME_WORDS[entry.outcome]}`,
      ].join("\n"),
    )
    .join("\n");
}

/** Advice for the report's recommendations; `blocking` when a sample failed the bar. */
export function manualReviewSampleAdvice(entries: readonly ManualReviewSampleEntry[]): {
  advice: string[];
  blocking: boolean;
} {
  const advice: string[] = [];
  let blocking = false;
  for (const entry of entries) {
    if (entry.outcome === "not_met") {
      blocking = true;
      advice.push(
        `Review sample of "${entry.batch_name}" failed: ${entry.rejected} of ${entry.reviewed} reviewed rejected; regenerate them and draw a new sample`,
      );
    } else if (entry.outcome === "incomplete") {
      advice.push(
        `Review sample of "${entry.batch_name}" has ${entry.unreviewed} unreviewed conversation${entry.unreviewed === 1 ? "" : "s"}: finish it`,
      );
    }
  }
  return { advice, blocking };
}

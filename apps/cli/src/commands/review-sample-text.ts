// A review sample as `parley review sample-status` prints it: seed and size, verdicts, the pass
// rate against the spec's bar, per tier and per checklist category, then each conversation.
import type { ReviewSampleView } from "@parley/db";
import { REVIEW_CHECKLIST, SAMPLE_VERDICT_LABELS } from "@parley/generation";

function percent(rate: number | null): string {
  return rate === null ? "n/a" : `${Math.round(rate * 1000) / 10} %`;
}

const OUTCOME: Readonly<Record<ReviewSampleView["result"]["outcome"], string>> = {
  met: "met",
  not_met: "not met",
  incomplete: "not decided yet",
};

export function renderReviewSample(sample: ReviewSampleView): string {
  const result = sample.result;
  const asked = sample.rate === null ? `size ${sample.requestedSize}` : percent(sample.rate);
  const lines = [
    `Review sample ${sample.id} of batch ${sample.batchId}: seed ${sample.seed}, ${asked} → ${sample.size} conversations, drawn ${sample.createdAt.toISOString()}${sample.createdByName ? ` by ${sample.createdByName}` : ""}`,
    `Reviewed ${result.reviewed} of ${result.size}: ${result.approved} ${SAMPLE_VERDICT_LABELS.approved}, ${result.approvedWithNotes} ${SAMPLE_VERDICT_LABELS.approved_with_notes}, ${result.rejected} ${SAMPLE_VERDICT_LABELS.rejected}, ${result.unreviewed} unreviewed`,
    `Pass rate ${percent(result.passRate)} (bar: ${percent(result.passRateRequired)} of the sample): ${OUTCOME[result.outcome]}`,
    `By tier: ${Object.entries(result.byTier)
      .map(
        ([tier, counts]) =>
          `${tier} ${counts.reviewed}/${counts.size} reviewed (${counts.approved + counts.approvedWithNotes} passed, ${counts.rejected} rejected)`,
      )
      .join("; ")}`,
    `By category: ${REVIEW_CHECKLIST.map(
      (category) =>
        `${category.label} ${result.byCategory[category.key].passed} passed / ${result.byCategory[category.key].failed} failed`,
    ).join("; ")}`,
    "",
    ...sample.items.map(
      (item) =>
        `${String(item.position).padStart(3)}. [${item.tier}] ${item.conversationId} ${item.title} — ${item.verdict ? SAMPLE_VERDICT_LABELS[item.verdict] : "not reviewed"}${item.notes ? ` (${item.notes})` : ""}`,
    ),
  ];
  return lines.join("\n");
}

// The package's quality-report.json in the specification's structure (automated validation,
// manual review, quality metrics, recommendations), computed from the dataset's statistics.
import type { CheckTally, DatasetStats } from "./dataset-stats.ts";
import {
  type ManualReviewSample,
  type ManualReviewSampleEntry,
  manualReviewSampleAdvice,
  manualReviewSampleEntries,
} from "./manual-review-sample.ts";

export interface QualityReport {
  dataset: {
    name: string;
    version: string;
    total_conversations: number;
    validation_date: string;
    simulated_conversations: number;
    human_edited_conversations: number;
  };
  automated_validation: {
    total_checked: number;
    passed: number;
    failed: number;
    warnings: number;
    checks: Record<string, CheckTally>;
  };
  manual_review: {
    sample_size: number;
    approved: number;
    approved_with_notes: number;
    rejected: number;
    needs_revision: number;
    review_notes: string[];
  };
  /** The newest review sample of each batch in the package (the spec's 10 % manual review). */
  manual_review_sample: ManualReviewSampleEntry[];
  quality_metrics: {
    avg_quality_score: number | null;
    min_quality_score: number | null;
    max_quality_score: number | null;
    quality_threshold: number;
    below_threshold: number;
    avg_turns_per_conversation: number | null;
    avg_words_per_turn: number | null;
    emotional_arc_coverage: Record<string, number>;
  };
  composition: {
    tiers: Record<string, number>;
    splits: Record<string, number>;
    statuses: Record<string, number>;
    personas: Record<string, number>;
    topics: Record<string, number>;
    edge_cases: Record<string, number>;
  };
  generation: {
    models: Record<string, number>;
    total_cost_usd: number;
    input_tokens: number;
    output_tokens: number;
  };
  recommendations: string[];
}

const READY = "Dataset ready for fine-tuning";

function round(value: number | null, digits = 2): number | null {
  if (value === null) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

export function buildQualityReport(
  stats: DatasetStats,
  dataset: { name: string; version: string; validationDate: Date },
  samples: readonly ManualReviewSample[] = [],
): QualityReport {
  const review = stats.review;
  const sampleEntries = manualReviewSampleEntries(samples);
  const sampleAdvice = manualReviewSampleAdvice(sampleEntries);
  const advice = recommendations(stats);
  return {
    dataset: {
      name: dataset.name,
      version: dataset.version,
      total_conversations: stats.total,
      validation_date: dataset.validationDate.toISOString(),
      simulated_conversations: stats.simulated,
      human_edited_conversations: stats.humanEdited,
    },
    automated_validation: {
      total_checked: stats.validation.checked,
      passed: stats.validation.passed,
      failed: stats.validation.failed,
      warnings: stats.validation.warnings,
      checks: stats.checks,
    },
    manual_review: {
      sample_size:
        review.approved + review.approvedWithNotes + review.rejected + review.needsRevision,
      approved: review.approved,
      approved_with_notes: review.approvedWithNotes,
      rejected: review.rejected,
      needs_revision: review.needsRevision,
      review_notes: review.notes,
    },
    manual_review_sample: sampleEntries,
    quality_metrics: {
      avg_quality_score: round(stats.quality.average),
      min_quality_score: stats.quality.min,
      max_quality_score: stats.quality.max,
      quality_threshold: stats.quality.threshold,
      below_threshold: stats.quality.belowThreshold,
      avg_turns_per_conversation: round(ratio(stats.turns, stats.total)),
      avg_words_per_turn: round(ratio(stats.words, stats.turns), 1),
      emotional_arc_coverage: Object.fromEntries(stats.arcs.map((arc) => [arc.key, arc.count])),
    },
    composition: {
      tiers: stats.byTier,
      splits: stats.bySplit,
      statuses: stats.byStatus,
      personas: Object.fromEntries(stats.personas.map((persona) => [persona.key, persona.count])),
      topics: Object.fromEntries(stats.topics.map((topic) => [topic.key, topic.count])),
      edge_cases: Object.fromEntries(
        stats.edgeCases.map((edgeCase) => [edgeCase.key, edgeCase.count]),
      ),
    },
    generation: {
      models: stats.models,
      total_cost_usd: round(stats.costUsd, 4) ?? 0,
      input_tokens: stats.inputTokens,
      output_tokens: stats.outputTokens,
    },
    recommendations: [
      ...(sampleAdvice.blocking ? advice.filter((line) => line !== READY) : advice),
      ...sampleAdvice.advice,
    ],
  };
}

/** What to do next, most urgent first; "ready" only when nothing blocks training. */
function recommendations(stats: DatasetStats): string[] {
  const advice: string[] = [];
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
  if (stats.total === 0) return ["The dataset is empty: select conversations to export"];
  if (stats.simulated > 0) {
    advice.push(
      `${plural(stats.simulated, "conversation")} came from the simulated provider, not Claude: use them only to test pipelines, never to train`,
    );
  }
  if (stats.validation.failed > 0) {
    advice.push(
      `${plural(stats.validation.failed, "conversation")} failed blocking automated checks: review or regenerate them`,
    );
  }
  if (stats.review.rejected > 0) {
    advice.push(
      `${plural(stats.review.rejected, "rejected conversation")} included: export approved conversations only`,
    );
  }
  if (stats.review.needsRevision > 0) {
    advice.push(
      `${plural(stats.review.needsRevision, "conversation")} marked as needing revision: revise them before training`,
    );
  }
  const reviewed =
    stats.review.approved +
    stats.review.approvedWithNotes +
    stats.review.rejected +
    stats.review.needsRevision;
  if (reviewed === 0) {
    advice.push(
      `No conversation has been reviewed by a person: review a sample of about ${Math.max(1, Math.ceil(stats.total / 10))}`,
    );
  }
  if (stats.validation.warnings > 0) {
    advice.push(
      `${plural(stats.validation.warnings, "conversation")} flagged with warnings (non-blocking)`,
    );
  }
  if (stats.quality.belowThreshold > 0) {
    advice.push(
      `Consider regenerating ${plural(stats.quality.belowThreshold, "conversation")} with quality_score < ${stats.quality.threshold} (optional)`,
    );
  }
  const blocking =
    stats.simulated > 0 ||
    stats.validation.failed > 0 ||
    stats.review.rejected > 0 ||
    stats.review.needsRevision > 0;
  if (!blocking) advice.unshift(READY);
  return advice;
}

// Combines the heuristic assessment with an LLM judge's score.
//
// Why judge 0.6 / heuristics 0.4: the heuristics measure form (order, length, annotations,
// arc endpoints) reliably but cannot read empathy or the quality of advice, which is what makes
// a conversation worth training on; the judge reads that. The heuristic share keeps a
// structurally broken conversation from scoring high on eloquence, and a failed heuristic check
// still sends the conversation to review whatever the judge says.
import type { QualityAssessment } from "../assess-quality.ts";
import type { Judgement } from "./parse-judge-result.ts";

export const DEFAULT_JUDGE_WEIGHT = 0.6;
/** A criterion the judge scores below this is listed as a warning. */
const LOW_CRITERION_SCORE = 5;

export interface CombinedQuality {
  score: number;
  heuristicScore: number;
  judgeScore: number;
  judgeWeight: number;
  threshold: number;
  passed: boolean;
  needsReview: boolean;
  warnings: string[];
  errors: string[];
}

export function combineQualityScores(
  assessment: QualityAssessment,
  judgement: Judgement,
  options: { judgeWeight?: number; threshold?: number } = {},
): CombinedQuality {
  const judgeWeight = Math.min(1, Math.max(0, options.judgeWeight ?? DEFAULT_JUDGE_WEIGHT));
  const threshold = options.threshold ?? assessment.threshold;
  const score =
    Math.round(((1 - judgeWeight) * assessment.score + judgeWeight * judgement.score) * 10) / 10;

  const warnings = assessment.warnings.filter((warning) => !warning.startsWith("Quality score "));
  for (const criterion of judgement.criteria) {
    if (criterion.score < LOW_CRITERION_SCORE) {
      warnings.push(`Judge scored ${criterion.key} ${criterion.score}/10: ${criterion.reason}`);
    }
  }
  for (const issue of judgement.issues) warnings.push(`Judge: ${issue}`);
  if (score < threshold)
    warnings.push(`Quality score ${score} is below the threshold of ${threshold}`);

  // The judge can lower the score or lift it over the threshold, never excuse a failed check.
  const passed = assessment.failedChecks.length === 0 && score >= threshold;
  return {
    score,
    heuristicScore: assessment.score,
    judgeScore: judgement.score,
    judgeWeight,
    threshold,
    passed,
    needsReview: !passed,
    warnings,
    errors: [...assessment.errors],
  };
}

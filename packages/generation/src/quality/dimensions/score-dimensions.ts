// Scores a conversation on the specification's quality dimensions. Each comes from the rules
// where rules can read it (checks on the text), from the LLM judge where they cannot, or from
// both; the stored value says which. Rules give each dimension its weakest check (a single flaw
// is enough to make a conversation unfit), and a failed check always leaves its dimension under
// the floor, so what the checks flag still goes to review.
//
// Rules and judge together: 0.4 rules + 0.6 judge, as for the overall score
// (combine-quality-scores.ts); a judge never lifts a dimension the rules put under its floor.
import type { QualityAssessment } from "../assess-quality.ts";
import { checkEdgeCaseHandling } from "../checks/edge-case-handling-check.ts";
import { checkRepeatedReplies } from "../checks/repeated-reply-check.ts";
import { checkTopicRelevance } from "../checks/topic-relevance-check.ts";
import { checkTurnLengths } from "../checks/turn-length-check.ts";
import type { JudgeDimensions } from "../judge/judge-dimensions.ts";
import type { QualityCheck, QualityContext, QualityConversation } from "../quality-types.ts";
import {
  LEVELS,
  type Level,
  type QualityDimensions,
  SCORED_DIMENSIONS,
  type ScoredDimension,
  type ScoredDimensionValue,
} from "./quality-dimensions-schema.ts";
import { DIMENSION_FLOORS, fallsBelowThreshold } from "./quality-floors.ts";
import { uniquenessFromSimilarity } from "./uniqueness.ts";

/** How much each dimension counts in the overall score (they add up to 1). */
export const DIMENSION_WEIGHTS: Readonly<Record<ScoredDimension, number>> = Object.freeze({
  relevance: 0.15,
  accuracy: 0.2,
  naturalness: 0.15,
  methodology: 0.2,
  coherence: 0.2,
  uniqueness: 0.1,
});

const JUDGE_WEIGHT = 0.6;
/** A failed check's dimension ends here at most, under every floor. */
const FAILED_CHECK_CEILING = 0.45;
/** Rules and judge further apart than this on a dimension lower the confidence a step. */
const DISAGREEMENT = 3;

export interface DimensionInput {
  conversation: QualityConversation;
  context: QualityContext;
  /** The heuristic checks already run (assessQuality). */
  assessment: QualityAssessment;
  threshold: number;
  /** The judge's dimension scores, when the batch has a judge and it answered. */
  judge?: JudgeDimensions | null;
  /** Estimated Jaccard similarity to the nearest stored conversation (null: none close). */
  nearestSimilarity?: number | null;
}

interface RuleReading {
  score: number | null;
  notes: string[];
}

function weakest(checks: readonly QualityCheck[]): RuleReading {
  let score = 1;
  const notes: string[] = [];
  for (const check of checks) {
    score = Math.min(
      score,
      check.passed ? check.score : Math.min(check.score, FAILED_CHECK_CEILING),
    );
    if (!check.passed) notes.push(check.detail);
  }
  return { score: round(10 * score), notes };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** What the rules read for each dimension; null where they cannot tell. */
export function ruleDimensions(
  conversation: QualityConversation,
  context: QualityContext,
  assessment: QualityAssessment,
  nearestSimilarity?: number | null,
): Record<ScoredDimension, RuleReading> {
  const { checks } = assessment;
  const edge = checkEdgeCaseHandling(conversation, context.edgeCase);
  const repeated = checkRepeatedReplies(conversation);
  const lengths = checkTurnLengths(conversation);
  const harmfulFound = assessment.flaggedContent.length > 0 && !checks.harmfulContent.passed;
  const uniqueness = uniquenessFromSimilarity(nearestSimilarity);
  return {
    relevance: weakest([
      checkTopicRelevance(conversation, context.topic),
      checks.metadataCompleteness,
    ]),
    // Whether advice is right is beyond rules; they can only tell an edge case's boundary crossed.
    accuracy:
      edge.applicable || harmfulFound
        ? weakest([...(edge.applicable ? [edge] : []), checks.harmfulContent])
        : { score: null, notes: [] },
    naturalness: weakest([checks.averageLength, lengths, repeated, checks.personaConsistency]),
    methodology: weakest([checks.emotionalProgression, ...(edge.applicable ? [edge] : [])]),
    coherence: weakest([
      checks.roleAlternation,
      checks.personaConsistency,
      repeated,
      checks.turnCount,
    ]),
    uniqueness: {
      score: uniqueness,
      notes:
        uniqueness < DIMENSION_FLOORS.uniqueness
          ? [`Nearly duplicates another conversation (similarity ${nearestSimilarity?.toFixed(2)})`]
          : [],
    },
  };
}

function combine(
  name: ScoredDimension,
  rules: RuleReading,
  judged: number | undefined,
): ScoredDimensionValue {
  if (judged === undefined) {
    return {
      score: rules.score,
      source: rules.score === null ? null : "rules",
      notes: rules.notes,
    };
  }
  if (rules.score === null) return { score: round(judged), source: "judge", notes: [] };
  let score = round((1 - JUDGE_WEIGHT) * rules.score + JUDGE_WEIGHT * judged);
  if (rules.score < DIMENSION_FLOORS[name]) score = Math.min(score, rules.score);
  return { score, source: "both", notes: rules.notes };
}

function lower(level: Level): Level {
  return LEVELS[Math.min(LEVELS.length - 1, LEVELS.indexOf(level) + 1)] as Level;
}

export function scoreQualityDimensions(input: DimensionInput): QualityDimensions {
  const rules = ruleDimensions(
    input.conversation,
    input.context,
    input.assessment,
    input.nearestSimilarity,
  );
  const judge = input.judge ?? undefined;
  const scored = Object.fromEntries(
    SCORED_DIMENSIONS.map((name) => [
      name,
      combine(name, rules[name], name === "uniqueness" ? undefined : judge?.[name]),
    ]),
  ) as Record<ScoredDimension, ScoredDimensionValue>;

  let weighted = 0;
  let weights = 0;
  for (const name of SCORED_DIMENSIONS) {
    const value = scored[name].score;
    if (value === null) continue;
    weighted += DIMENSION_WEIGHTS[name] * value;
    weights += DIMENSION_WEIGHTS[name];
  }
  const overall = weights > 0 ? round(weighted / weights) : 0;
  const belowThreshold = fallsBelowThreshold({ ...scored, overall }, input.threshold);

  let confidence: QualityDimensions["confidence"] = { level: "medium", source: "rules" };
  let trainingValue: QualityDimensions["trainingValue"] = {
    level: belowThreshold ? "low" : overall >= 9 ? "high" : "medium",
    source: "rules",
  };
  if (judge) {
    const disagreements = SCORED_DIMENSIONS.filter((name) => {
      const ruleScore = rules[name].score;
      const judged = name === "uniqueness" ? undefined : judge[name];
      return (
        ruleScore !== null && judged !== undefined && Math.abs(ruleScore - judged) > DISAGREEMENT
      );
    }).length;
    confidence = {
      level: disagreements > 0 ? lower(judge.confidence) : judge.confidence,
      source: "both",
    };
    trainingValue = { level: belowThreshold ? "low" : judge.training_value, source: "both" };
  }
  return {
    overall,
    ...scored,
    confidence,
    trainingValue,
    threshold: input.threshold,
    belowThreshold,
  };
}

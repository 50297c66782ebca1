// Scores a generated conversation with the heuristic checks and combines them into one 0–10
// score. As in the specification's validation, a conversation passes only when every check
// passes and the score reaches the threshold; anything else sends it to human review. The
// score ranks conversations and catches several partial misses that each still pass.
//
// Weights (they add up to 1): structure and the emotional arc matter most for training data
// (role alternation 0.20, emotional progression 0.20); staying in role and length next (persona
// consistency 0.15, turn count 0.15); then average length, metadata and harmful content (0.10
// each). Errors, which block approval whatever the score: broken role order (unusable for
// chat templates), missing metadata, and harmful content outside the edge-case tier.
// The other failed checks are warnings: they send the conversation to review but a reviewer
// may approve it as it is.
import {
  checkAverageLength,
  DEFAULT_WORDS_PER_MESSAGE_BAND,
} from "./checks/average-length-check.ts";
import { checkEmotionalProgression } from "./checks/emotional-progression-check.ts";
import { checkHarmfulContent } from "./checks/harmful-content-check.ts";
import { checkMetadataCompleteness } from "./checks/metadata-completeness-check.ts";
import { checkPersonaConsistency } from "./checks/persona-consistency-check.ts";
import { checkRoleAlternation } from "./checks/role-alternation-check.ts";
import { checkTurnCount, DEFAULT_TURN_BAND } from "./checks/turn-count-check.ts";
import {
  type Band,
  QUALITY_CHECK_NAMES,
  type QualityCheck,
  type QualityCheckName,
  type QualityContext,
  type QualityConversation,
} from "./quality-types.ts";

export const DEFAULT_QUALITY_THRESHOLD = 7;

export const DEFAULT_QUALITY_WEIGHTS: Readonly<Record<QualityCheckName, number>> = Object.freeze({
  roleAlternation: 0.2,
  emotionalProgression: 0.2,
  personaConsistency: 0.15,
  turnCount: 0.15,
  averageLength: 0.1,
  metadataCompleteness: 0.1,
  harmfulContent: 0.1,
});

/** Failing these blocks approval; failing the others is a warning. */
const ERROR_CHECKS: ReadonlySet<QualityCheckName> = new Set([
  "roleAlternation",
  "metadataCompleteness",
  "harmfulContent",
]);

export interface QualityOptions {
  /** Composite score (0–10) below which a conversation needs review; 7 unless given. */
  threshold?: number;
  turnBand?: Band;
  wordsPerMessageBand?: Band;
  /** Replace some weights; all weights are then rescaled to add up to 1. */
  weights?: Partial<Record<QualityCheckName, number>>;
}

/** A check as assessed: `severity` says whether failing it blocks approval ("error") or not. */
export interface AssessedCheck extends QualityCheck {
  severity: "error" | "warning";
}

export interface QualityBreakdownEntry {
  check: QualityCheckName;
  weight: number;
  score: number;
  /** Points out of 10 this check contributed. */
  points: number;
}

export interface QualityAssessment {
  /** Weighted composite, 0–10, one decimal. */
  score: number;
  checks: Record<QualityCheckName, AssessedCheck>;
  breakdown: QualityBreakdownEntry[];
  threshold: number;
  /** Every check passed and the score is at or above the threshold. */
  passed: boolean;
  /** The checks that did not pass. */
  failedChecks: QualityCheckName[];
  needsReview: boolean;
  warnings: string[];
  errors: string[];
  /** Harmful-content matches, also when they are expected (edge cases). */
  flaggedContent: string[];
}

export function assessQuality(
  conversation: QualityConversation,
  context: QualityContext,
  options: QualityOptions = {},
): QualityAssessment {
  const threshold = options.threshold ?? DEFAULT_QUALITY_THRESHOLD;
  const harmful = checkHarmfulContent(conversation, context.tier);
  const metadata = checkMetadataCompleteness(conversation, context);
  const results: Record<QualityCheckName, QualityCheck> = {
    turnCount: checkTurnCount(conversation, options.turnBand ?? DEFAULT_TURN_BAND),
    averageLength: checkAverageLength(
      conversation,
      options.wordsPerMessageBand ?? DEFAULT_WORDS_PER_MESSAGE_BAND,
    ),
    roleAlternation: checkRoleAlternation(conversation),
    emotionalProgression: checkEmotionalProgression(conversation, context.arc),
    personaConsistency: checkPersonaConsistency(conversation, context),
    harmfulContent: { passed: harmful.passed, score: harmful.score, detail: harmful.detail },
    metadataCompleteness: {
      passed: metadata.passed,
      score: metadata.score,
      detail: metadata.detail,
    },
  };

  const checks = Object.fromEntries(
    QUALITY_CHECK_NAMES.map((name) => [
      name,
      { ...results[name], severity: ERROR_CHECKS.has(name) ? "error" : "warning" },
    ]),
  ) as Record<QualityCheckName, AssessedCheck>;

  const weights = normaliseWeights(options.weights);
  const breakdown = QUALITY_CHECK_NAMES.map((check) => ({
    check,
    weight: weights[check],
    score: checks[check].score,
    points: 10 * weights[check] * checks[check].score,
  }));
  const score = Math.round(breakdown.reduce((sum, entry) => sum + entry.points, 0) * 10) / 10;

  const errors: string[] = [];
  const warnings: string[] = [];
  for (const name of QUALITY_CHECK_NAMES) {
    const check = checks[name];
    if (!check.passed) (ERROR_CHECKS.has(name) ? errors : warnings).push(check.detail);
  }
  if (harmful.expected && harmful.flagged.length > 0) warnings.push(harmful.detail);
  if (score < threshold)
    warnings.push(`Quality score ${score} is below the threshold of ${threshold}`);

  const failedChecks = QUALITY_CHECK_NAMES.filter((name) => !checks[name].passed);
  const passed = failedChecks.length === 0 && score >= threshold;
  return {
    score,
    checks,
    breakdown,
    threshold,
    passed,
    failedChecks,
    needsReview: !passed,
    warnings,
    errors,
    flaggedContent: harmful.flagged,
  };
}

function normaliseWeights(overrides: QualityOptions["weights"]): Record<QualityCheckName, number> {
  const merged = { ...DEFAULT_QUALITY_WEIGHTS, ...overrides };
  const total = QUALITY_CHECK_NAMES.reduce((sum, name) => sum + Math.max(0, merged[name]), 0);
  if (total <= 0) return { ...DEFAULT_QUALITY_WEIGHTS };
  return Object.fromEntries(
    QUALITY_CHECK_NAMES.map((name) => [name, Math.max(0, merged[name]) / total]),
  ) as Record<QualityCheckName, number>;
}

// Reads the stored quality metrics of a conversation into the shapes exports need: named
// pass/fail checks (for the quality report), numeric criteria (for training metadata) and the
// quality dimensions as the specification's QualityMetrics, with the source of each.
// The stored shape is the quality module's assessment (checks with passed/score/detail, and the
// details of blocking failures in `errors`); an explicit `severity` per check also works.
import type { QualityDimensions } from "@parley/generation";
import { z } from "zod";
import type { QualityMetrics } from "./export-conversation.ts";

export interface NamedQualityCheck {
  name: string;
  passed: boolean;
  /** "error" blocks approval; "warning" sends to review but may be approved as is. */
  severity: "error" | "warning";
}

/** Every check recorded in the metrics, whether stored as a record or as a list. */
export function qualityChecksOf(metrics: QualityMetrics | null | undefined): NamedQualityCheck[] {
  const checks = metrics?.checks;
  if (!checks) return [];
  const blockingDetails = new Set(metrics.errors ?? []);
  const entries = Array.isArray(checks)
    ? checks.map((check) => [check.name, check] as const)
    : Object.entries(checks);
  return entries.map(([name, check]) => ({
    name,
    passed: check.passed,
    severity:
      check.severity ??
      (!check.passed && check.detail !== undefined && blockingDetails.has(check.detail)
        ? "error"
        : "warning"),
  }));
}

/** Top-level values that describe the assessment rather than score a criterion. */
const NOT_CRITERIA = new Set(["score", "threshold"]);

/**
 * The numeric scores among the metrics for `quality_criteria`: per-check scores (0–1) by check
 * name, and top-level criteria such as an LLM judge's relevance or naturalness.
 */
export function qualityCriteriaOf(
  metrics: QualityMetrics | null | undefined,
): Record<string, number> {
  const criteria: Record<string, number> = {};
  if (!metrics) return criteria;
  for (const [key, value] of Object.entries(metrics)) {
    if (!NOT_CRITERIA.has(key) && typeof value === "number" && Number.isFinite(value))
      criteria[key] = value;
  }
  const checks = metrics.checks;
  const entries = Array.isArray(checks)
    ? checks.map((check) => [check.name, check] as const)
    : Object.entries(checks ?? {});
  for (const [name, check] of entries) {
    if (typeof check.score === "number" && Number.isFinite(check.score))
      criteria[name] = check.score;
  }
  return criteria;
}

const dimensionScore = z.number().min(0).max(10).nullable();
const source = z.string().nullable();

/** The quality dimensions as exports carry them (snake_case like the rest of a record). */
export const qualityDimensionsViewSchema = z.strictObject({
  overall: z.number().min(0).max(10),
  relevance: dimensionScore,
  accuracy: dimensionScore,
  naturalness: dimensionScore,
  methodology: dimensionScore,
  coherence: dimensionScore,
  uniqueness: dimensionScore,
  confidence: z.string(),
  training_value: z.string(),
  /** Which source scored each: "rules", "judge" or "both" (null: not scored). */
  sources: z.strictObject({
    relevance: source,
    accuracy: source,
    naturalness: source,
    methodology: source,
    coherence: source,
    uniqueness: source,
    confidence: z.string(),
    training_value: z.string(),
  }),
});
export type QualityDimensionsView = z.infer<typeof qualityDimensionsViewSchema>;

export function qualityDimensionsView(
  dimensions: QualityDimensions | null | undefined,
): QualityDimensionsView | null {
  if (!dimensions) return null;
  return {
    overall: dimensions.overall,
    relevance: dimensions.relevance.score,
    accuracy: dimensions.accuracy.score,
    naturalness: dimensions.naturalness.score,
    methodology: dimensions.methodology.score,
    coherence: dimensions.coherence.score,
    uniqueness: dimensions.uniqueness.score,
    confidence: dimensions.confidence.level,
    training_value: dimensions.trainingValue.level,
    sources: {
      relevance: dimensions.relevance.source,
      accuracy: dimensions.accuracy.source,
      naturalness: dimensions.naturalness.source,
      methodology: dimensions.methodology.source,
      coherence: dimensions.coherence.source,
      uniqueness: dimensions.uniqueness.source,
      confidence: dimensions.confidence.source,
      training_value: dimensions.trainingValue.source,
    },
  };
}

/** HuggingFace features of QualityDimensionsView, for formats that declare theirs. */
export const QUALITY_DIMENSIONS_FEATURES = [
  ...[
    "overall",
    "relevance",
    "accuracy",
    "naturalness",
    "methodology",
    "coherence",
    "uniqueness",
  ].map((name) => ({ name, dtype: "float64" })),
  { name: "confidence", dtype: "string" },
  { name: "training_value", dtype: "string" },
  {
    name: "sources",
    struct: [
      "relevance",
      "accuracy",
      "naturalness",
      "methodology",
      "coherence",
      "uniqueness",
      "confidence",
      "training_value",
    ].map((name) => ({ name, dtype: "string" })),
  },
];

// Reads the stored quality metrics of a conversation into the two shapes exports need: named
// pass/fail checks (for the quality report) and numeric criteria (for training metadata).
// The stored shape is the quality module's assessment (checks with passed/score/detail, and the
// details of blocking failures in `errors`); an explicit `severity` per check also works.
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

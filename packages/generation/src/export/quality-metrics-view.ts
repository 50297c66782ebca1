// Reads the open-ended quality metrics of a conversation into the two shapes exports need:
// named pass/fail checks (for the quality report) and numeric criteria (for training metadata).
import type { QualityMetrics } from "./export-conversation.ts";

export interface NamedQualityCheck {
  name: string;
  passed: boolean;
  severity: "error" | "warning";
}

/** Every check recorded in the metrics, whether stored as a record or as a list. */
export function qualityChecksOf(metrics: QualityMetrics | null | undefined): NamedQualityCheck[] {
  const checks = metrics?.checks;
  if (!checks) return [];
  const entries = Array.isArray(checks)
    ? checks.map((check) => [check.name, check] as const)
    : Object.entries(checks);
  return entries.map(([name, check]) => ({
    name,
    passed: check.passed,
    severity: check.severity ?? "warning",
  }));
}

/** The numeric scores among the metrics (e.g. relevance, naturalness), for `quality_criteria`. */
export function qualityCriteriaOf(
  metrics: QualityMetrics | null | undefined,
): Record<string, number> {
  const criteria: Record<string, number> = {};
  if (!metrics) return criteria;
  for (const [key, value] of Object.entries(metrics)) {
    if (typeof value === "number" && Number.isFinite(value)) criteria[key] = value;
  }
  return criteria;
}

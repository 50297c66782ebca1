// Reads the stored quality_metrics jsonb (the heuristic assessment, possibly combined with an LLM
// judge) into what the conversation page shows: each check, pass/fail, score, and the composite.
// Tolerant by design: metrics written by older versions simply show fewer parts.
import { z } from "zod";

const storedMetrics = z
  .object({
    score: z.number().optional(),
    heuristicScore: z.number().optional(),
    judgeScore: z.number().optional(),
    judgeWeight: z.number().optional(),
    threshold: z.number().optional(),
    passed: z.boolean().optional(),
    checks: z
      .record(
        z.string(),
        z
          .object({
            passed: z.boolean(),
            score: z.number(),
            detail: z.string().optional(),
            severity: z.enum(["error", "warning"]).optional(),
          })
          .loose(),
      )
      .optional(),
    breakdown: z
      .array(z.object({ check: z.string(), weight: z.number(), points: z.number() }).loose())
      .optional(),
    warnings: z.array(z.string()).optional(),
    errors: z.array(z.string()).optional(),
    flaggedContent: z.array(z.string()).optional(),
    judge: z
      .object({
        score: z.number().optional(),
        summary: z.string().optional(),
        issues: z.array(z.string()).optional(),
        model: z.string().optional(),
        error: z.string().optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

export const qualityBreakdownOutput = z.object({
  composite: z.number().nullable(),
  heuristicScore: z.number().nullable(),
  threshold: z.number().nullable(),
  passed: z.boolean().nullable(),
  checks: z.array(
    z.object({
      name: z.string(),
      passed: z.boolean(),
      /** 0–1. */
      score: z.number(),
      detail: z.string(),
      severity: z.enum(["error", "warning"]).nullable(),
      weight: z.number().nullable(),
      /** Points out of 10 this check contributed to the composite. */
      points: z.number().nullable(),
    }),
  ),
  warnings: z.array(z.string()),
  errors: z.array(z.string()),
  flaggedContent: z.array(z.string()),
  judge: z
    .object({
      score: z.number().nullable(),
      weight: z.number().nullable(),
      summary: z.string(),
      issues: z.array(z.string()),
      error: z.string().nullable(),
    })
    .nullable(),
});

export type QualityBreakdown = z.infer<typeof qualityBreakdownOutput>;

export function qualityBreakdown(
  metrics: unknown,
  storedScore: number | null,
): QualityBreakdown | null {
  if (metrics === null || metrics === undefined) return null;
  const parsed = storedMetrics.safeParse(metrics);
  if (!parsed.success) return null;
  const m = parsed.data;
  const weights = new Map((m.breakdown ?? []).map((entry) => [entry.check, entry]));
  return {
    composite: storedScore ?? m.score ?? null,
    heuristicScore: m.heuristicScore ?? null,
    threshold: m.threshold ?? null,
    passed: m.passed ?? null,
    checks: Object.entries(m.checks ?? {}).map(([name, check]) => ({
      name,
      passed: check.passed,
      score: check.score,
      detail: check.detail ?? "",
      severity: check.severity ?? null,
      weight: weights.get(name)?.weight ?? null,
      points: weights.get(name)?.points ?? null,
    })),
    warnings: m.warnings ?? [],
    errors: m.errors ?? [],
    flaggedContent: m.flaggedContent ?? [],
    judge: m.judge
      ? {
          score: m.judgeScore ?? m.judge.score ?? null,
          weight: m.judgeWeight ?? null,
          summary: m.judge.summary ?? "",
          issues: m.judge.issues ?? [],
          error: m.judge.error ?? null,
        }
      : null,
  };
}

// The specification's QualityMetrics as Parley stores them (conversations.quality_dimensions):
// six 0–10 dimensions, a confidence and a training value, each saying where it came from, and
// the overall score. One zod schema that the worker writes, and the API and exports read back.
import { z } from "zod";

export const SCORED_DIMENSIONS = [
  "relevance",
  "accuracy",
  "naturalness",
  "methodology",
  "coherence",
  "uniqueness",
] as const;
export type ScoredDimension = (typeof SCORED_DIMENSIONS)[number];

export const DIMENSION_SOURCES = ["rules", "judge", "both"] as const;
export type DimensionSource = (typeof DIMENSION_SOURCES)[number];

export const LEVELS = ["high", "medium", "low"] as const;
export type Level = (typeof LEVELS)[number];

const score = z.number().min(0).max(10);

export const scoredDimensionSchema = z.object({
  /** Null when neither the rules nor a judge could score it (e.g. accuracy without a judge). */
  score: score.nullable(),
  source: z.enum(DIMENSION_SOURCES).nullable(),
  /** What lowered it, in a sentence a reviewer can act on; empty when nothing did. */
  notes: z.array(z.string()),
});
export type ScoredDimensionValue = z.infer<typeof scoredDimensionSchema>;

const levelSchema = z.object({ level: z.enum(LEVELS), source: z.enum(DIMENSION_SOURCES) });

export const qualityDimensionsSchema = z.object({
  overall: score,
  relevance: scoredDimensionSchema,
  accuracy: scoredDimensionSchema,
  naturalness: scoredDimensionSchema,
  methodology: scoredDimensionSchema,
  coherence: scoredDimensionSchema,
  uniqueness: scoredDimensionSchema,
  confidence: levelSchema,
  trainingValue: levelSchema,
  /** The review threshold the verdict was taken against. */
  threshold: score,
  /** overall < threshold or some dimension under its floor (quality-floors.ts). */
  belowThreshold: z.boolean(),
});
export type QualityDimensions = z.infer<typeof qualityDimensionsSchema>;

/** A stored value, or null for rows scored before dimensions existed (or unreadable ones). */
export function readQualityDimensions(value: unknown): QualityDimensions | null {
  const parsed = qualityDimensionsSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

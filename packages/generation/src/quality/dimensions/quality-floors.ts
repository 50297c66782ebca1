// When a conversation "falls below the threshold" and goes to review: its overall score is under
// the batch's review threshold, or any one dimension is under its floor. Defined here only; the
// worker, the separation test and bench/quality-separation.ts all ask fallsBelowThreshold.
//
// Why floors and not only the overall: one serious flaw (a reply repeated verbatim, a client
// talking as the consultant) leaves five dimensions at 10 and the mean well above 7, yet the
// conversation must not train anything. 6 means "a reviewer would edit this"; uniqueness 5 is
// where the near-duplicate index calls it a duplicate (similarity 0.85, see uniqueness.ts).
import type { QualityDimensions, ScoredDimension } from "./quality-dimensions-schema.ts";
import { SCORED_DIMENSIONS } from "./quality-dimensions-schema.ts";

export const DIMENSION_FLOORS: Readonly<Record<ScoredDimension, number>> = Object.freeze({
  relevance: 6,
  accuracy: 6,
  naturalness: 6,
  methodology: 6,
  coherence: 6,
  uniqueness: 5,
});

/** The dimensions under their floor, by name. */
export function dimensionsUnderFloor(
  dimensions: Pick<QualityDimensions, ScoredDimension>,
): ScoredDimension[] {
  return SCORED_DIMENSIONS.filter((name) => {
    const value = dimensions[name].score;
    return value !== null && value < DIMENSION_FLOORS[name];
  });
}

export function fallsBelowThreshold(
  dimensions: Pick<QualityDimensions, ScoredDimension | "overall">,
  threshold: number,
): boolean {
  return dimensions.overall < threshold || dimensionsUnderFloor(dimensions).length > 0;
}

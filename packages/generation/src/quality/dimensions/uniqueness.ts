// Uniqueness from the near-duplicate index: 10 for a conversation nothing in the workspace
// resembles, falling linearly to 0 as its nearest neighbour's estimated Jaccard similarity
// approaches 1. Similarity 0.68 or less still scores 10 (conversations on the same brief share
// phrasing); at the index's duplicate threshold (0.85) it is 4.7, under the floor of 5.
export function uniquenessFromSimilarity(nearestSimilarity: number | null | undefined): number {
  if (nearestSimilarity === null || nearestSimilarity === undefined) return 10;
  const score = (10 * (1 - nearestSimilarity)) / 0.32;
  return Math.round(Math.min(10, Math.max(0, score)) * 10) / 10;
}

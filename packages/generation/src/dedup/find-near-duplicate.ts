// Finds the conversation a new one nearly duplicates: LSH candidates, then the MinHash
// estimate against the threshold. Works against a workspace's stored signatures and within a
// batch (each item is checked against everything before it).
import type { LshIndex } from "./lsh-index.ts";
import { estimateJaccard, type MinHashOptions, minhashSignature } from "./minhash.ts";

export const DEFAULT_NEAR_DUPLICATE_THRESHOLD = 0.85;

export interface NearDuplicateMatch {
  id: string;
  /** Estimated Jaccard similarity of the two texts' shingles. */
  similarity: number;
}

/** The most similar indexed signature at or above the threshold, or null. */
export function findBestMatch(
  signature: ArrayLike<number>,
  index: LshIndex,
  threshold = DEFAULT_NEAR_DUPLICATE_THRESHOLD,
  excludeId?: string,
): NearDuplicateMatch | null {
  let best: NearDuplicateMatch | null = null;
  for (const id of index.candidates(signature)) {
    if (id === excludeId) continue;
    const stored = index.get(id);
    if (!stored) continue;
    const similarity = estimateJaccard(signature, stored);
    if (similarity >= threshold && (best === null || similarity > best.similarity))
      best = { id, similarity };
  }
  return best;
}

/** Id of the indexed conversation this signature nearly duplicates, or null. */
export function findNearDuplicate(
  signature: ArrayLike<number>,
  index: LshIndex,
  threshold = DEFAULT_NEAR_DUPLICATE_THRESHOLD,
): string | null {
  return findBestMatch(signature, index, threshold)?.id ?? null;
}

export interface DedupItem {
  id: string;
  /** The signature, or the text to compute it from. */
  signature?: ArrayLike<number>;
  text?: string;
}

export interface BatchDuplicate {
  id: string;
  duplicateOf: string;
  similarity: number;
}

/**
 * Checks each item, in order, against the index (a workspace's existing signatures) and the
 * items before it, then adds it to the index, so the caller can keep using the index for the
 * next batch. Returns the items that nearly duplicate something.
 */
export function findNearDuplicatesInBatch(
  items: readonly DedupItem[],
  index: LshIndex,
  options: { threshold?: number; minhash?: MinHashOptions } = {},
): BatchDuplicate[] {
  const threshold = options.threshold ?? DEFAULT_NEAR_DUPLICATE_THRESHOLD;
  const duplicates: BatchDuplicate[] = [];
  for (const item of items) {
    const signature =
      item.signature ??
      minhashSignature(item.text ?? "", { ...options.minhash, numHashes: index.signatureLength });
    const match = findBestMatch(signature, index, threshold, item.id);
    if (match)
      duplicates.push({ id: item.id, duplicateOf: match.id, similarity: match.similarity });
    index.add(item.id, signature);
  }
  return duplicates;
}

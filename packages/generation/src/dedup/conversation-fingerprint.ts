// What near-duplicate detection stores with a conversation and how a stored set is searched:
// the MinHash signature (base64) and its LSH band keys as signed 32-bit integers, the shape a
// Postgres integer[] column with a GIN index takes, so candidates come from an index lookup.
import {
  DEFAULT_NEAR_DUPLICATE_THRESHOLD,
  type NearDuplicateMatch,
} from "./find-near-duplicate.ts";
import { lshBandKeys } from "./lsh-index.ts";
import { estimateJaccard, isEmptySignature, minhashSignature } from "./minhash.ts";
import { conversationDedupText } from "./shingles.ts";
import { decodeSignature, encodeSignature } from "./signature-encoding.ts";

export interface ConversationFingerprint {
  /** encodeSignature of the 128-value MinHash signature. */
  signature: string;
  /** One key per LSH band, as signed 32-bit integers; empty for a conversation without words. */
  bandKeys: number[];
}

export function conversationFingerprint(conversation: {
  turns: readonly { content: string }[];
}): ConversationFingerprint {
  const signature = minhashSignature(conversationDedupText(conversation));
  return {
    signature: encodeSignature(signature),
    // A text without words resembles nothing, so it gets no keys and is never a candidate.
    bandKeys: isEmptySignature(signature) ? [] : lshBandKeys(signature).map((key) => key | 0),
  };
}

/**
 * The stored conversation (LSH candidates, e.g. from a band-key lookup) most similar to the
 * fingerprint at or above the threshold, or null.
 */
export function findNearDuplicateAmong(
  fingerprint: Pick<ConversationFingerprint, "signature">,
  candidates: readonly { id: string; signature: string }[],
  threshold = DEFAULT_NEAR_DUPLICATE_THRESHOLD,
): NearDuplicateMatch | null {
  const signature = decodeSignature(fingerprint.signature);
  let best: NearDuplicateMatch | null = null;
  for (const candidate of candidates) {
    const stored = decodeSignature(candidate.signature);
    if (stored.length !== signature.length) continue;
    const similarity = estimateJaccard(signature, stored);
    if (similarity >= threshold && (best === null || similarity > best.similarity))
      best = { id: candidate.id, similarity };
  }
  return best;
}

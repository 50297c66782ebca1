// The near-duplicate check completeItem runs when it stores an item's conversation: its MinHash
// fingerprint, the choice among the workspace's conversations sharing an LSH band, and the
// nearest one's similarity, from which the uniqueness dimension is scored.
import type { CompleteItemOptions } from "@parley/db";
import {
  conversationFingerprint,
  DEFAULT_NEAR_DUPLICATE_THRESHOLD,
  findNearDuplicateAmong,
  type GeneratedConversation,
} from "@parley/generation";

export function nearDuplicateCheck(
  conversation: Pick<GeneratedConversation, "turns">,
  options: {
    threshold?: number;
    /** Given the nearest candidate's similarity (null: no candidate), the fields it changes. */
    rescore?: (
      nearestSimilarity: number | null,
    ) => ReturnType<NonNullable<NonNullable<CompleteItemOptions["nearDuplicates"]>["rescore"]>>;
  } = {},
): NonNullable<CompleteItemOptions["nearDuplicates"]> {
  const threshold = options.threshold ?? DEFAULT_NEAR_DUPLICATE_THRESHOLD;
  const fingerprint = conversationFingerprint(conversation);
  let nearest: number | null = null;
  const { rescore } = options;
  return {
    ...fingerprint,
    choose: (candidates) => {
      const all = candidates.map((candidate) => ({
        id: candidate.conversationId,
        signature: candidate.signature,
      }));
      const best = findNearDuplicateAmong(fingerprint, all, 0);
      nearest = best?.similarity ?? null;
      return best && best.similarity >= threshold ? best.id : null;
    },
    ...(rescore ? { rescore: () => rescore(nearest) } : {}),
  };
}

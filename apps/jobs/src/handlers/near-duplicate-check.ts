// The near-duplicate check completeItem runs when it stores an item's conversation: its MinHash
// fingerprint, and the choice among the workspace's conversations sharing an LSH band.
import type { CompleteItemOptions } from "@parley/db";
import {
  conversationFingerprint,
  DEFAULT_NEAR_DUPLICATE_THRESHOLD,
  findNearDuplicateAmong,
  type GeneratedConversation,
} from "@parley/generation";

export function nearDuplicateCheck(
  conversation: Pick<GeneratedConversation, "turns">,
  threshold = DEFAULT_NEAR_DUPLICATE_THRESHOLD,
): NonNullable<CompleteItemOptions["nearDuplicates"]> {
  const fingerprint = conversationFingerprint(conversation);
  return {
    ...fingerprint,
    choose: (candidates) =>
      findNearDuplicateAmong(
        fingerprint,
        candidates.map((candidate) => ({
          id: candidate.conversationId,
          signature: candidate.signature,
        })),
        threshold,
      )?.id ?? null,
  };
}

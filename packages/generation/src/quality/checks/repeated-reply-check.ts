// Does the assistant repeat itself? A reply that restates an earlier reply verbatim or nearly
// (word-trigram overlap) is a loop a model falls into, and teaches the loop when trained on.
import { jaccard, wordShingles } from "../../dedup/shingles.ts";
import type { QualityCheck, QualityConversation } from "../quality-types.ts";

/** Overlap of word trigrams at which two replies count as the same reply. */
export const REPEATED_REPLY_SIMILARITY = 0.6;

export function checkRepeatedReplies(conversation: QualityConversation): QualityCheck {
  const seen: Array<{ position: number; shingles: Set<string> }> = [];
  const repeats: string[] = [];
  conversation.turns.forEach((turn, index) => {
    if (turn.role !== "assistant") return;
    const shingles = wordShingles(turn.content, 3);
    const earlier = seen.find(
      (reply) => jaccard(reply.shingles, shingles) >= REPEATED_REPLY_SIMILARITY,
    );
    if (earlier) repeats.push(`message ${index + 1} repeats message ${earlier.position}`);
    seen.push({ position: index + 1, shingles });
  });
  if (repeats.length === 0)
    return { passed: true, score: 1, detail: "No assistant reply repeats an earlier one" };
  return {
    passed: false,
    score: Math.max(0, 0.3 - 0.1 * (repeats.length - 1)),
    detail: `Repeated reply: ${repeats.join("; ")}`,
  };
}

// Does the client's emotion move, and along the planned arc? Compares the first and last user
// messages' annotated emotions with each other and with the arc's start and end, by emotion
// family (see emotion-families.ts). User messages only: the arc is the client's journey; the
// consultant's own emotion is steady by design.
import { emotionMatchScore, sameEmotionFamily } from "../emotion-families.ts";
import type { QualityCheck, QualityContext, QualityConversation } from "../quality-types.ts";

/** Weights of the three parts: the emotion changed, it starts right, it ends right. */
const CHANGE = 0.4;
const START = 0.3;
const END = 0.3;

export function checkEmotionalProgression(
  conversation: QualityConversation,
  arc: QualityContext["arc"],
): QualityCheck {
  const emotions = conversation.turns
    .filter((turn) => turn.role === "user")
    .map((turn) => turn.emotion?.primary?.trim() ?? "")
    .filter((emotion) => emotion !== "");
  if (emotions.length < 2) {
    return {
      passed: false,
      score: 0,
      detail: "Needs emotion annotations on at least two user messages to see a progression",
    };
  }
  const first = emotions[0] as string;
  const last = emotions.at(-1) as string;
  const changed = !sameEmotionFamily(first, last);

  if (!arc) {
    return {
      passed: changed,
      score: changed ? 1 : 0,
      detail: changed
        ? `The client moves from ${first} to ${last}`
        : `The client's emotion does not change (${first} → ${last})`,
    };
  }

  const start = emotionMatchScore(first, arc.startEmotion);
  const end = emotionMatchScore(last, arc.endEmotion);
  const notes: string[] = [];
  if (!changed) notes.push(`the emotion does not change (${first} → ${last})`);
  if (start < 1)
    notes.push(`starts ${start > 0 ? "near" : "away from"} ${arc.startEmotion} (${first})`);
  if (end < 1) notes.push(`ends ${end > 0 ? "near" : "away from"} ${arc.endEmotion} (${last})`);
  const passed = changed && start > 0 && end > 0;
  return {
    passed,
    score: (changed ? CHANGE : 0) + START * start + END * end,
    detail:
      notes.length === 0
        ? `The client moves from ${first} to ${last}, following ${arc.startEmotion} → ${arc.endEmotion}`
        : `Arc ${arc.startEmotion} → ${arc.endEmotion}: ${notes.join("; ")}`,
  };
}

// Is every single message a believable length? The average-length check can hide one runaway
// lecture or a run of one-line replies among normal messages; this one looks at each message.
//
// Why these bounds: a consultant reply under 10 words cannot validate and guide at once (a
// model answering "Okay. Try budgeting." has stopped doing its job), and any message over 300
// words is a wall of text no chat partner writes. Client messages may be short ("Yes, please.").

import type { QualityCheck, QualityConversation } from "../quality-types.ts";
import { countWords } from "./average-length-check.ts";

export const MESSAGE_WORD_BOUNDS = Object.freeze({
  assistantMin: 10,
  userMin: 2,
  max: 300,
});

/** Full marks with no outlier; one outlier halves the score, each further one costs 0.1 more. */
export function checkTurnLengths(conversation: QualityConversation): QualityCheck {
  const outliers: string[] = [];
  conversation.turns.forEach((turn, index) => {
    const words = countWords(turn.content);
    const min =
      turn.role === "assistant" ? MESSAGE_WORD_BOUNDS.assistantMin : MESSAGE_WORD_BOUNDS.userMin;
    if (words < min) outliers.push(`message ${index + 1} (${turn.role}) has only ${words} words`);
    else if (words > MESSAGE_WORD_BOUNDS.max)
      outliers.push(`message ${index + 1} (${turn.role}) runs to ${words} words`);
  });
  if (outliers.length === 0)
    return { passed: true, score: 1, detail: "Every message is a believable length" };
  return {
    passed: false,
    score: Math.max(0, 0.5 - 0.1 * (outliers.length - 1)),
    detail: `Message length: ${outliers.slice(0, 3).join("; ")}${outliers.length > 3 ? ` (and ${outliers.length - 3} more)` : ""}`,
  };
}

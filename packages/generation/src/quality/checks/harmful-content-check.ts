// Flags self-harm and crisis language. In the edge_case tier such content is often the point
// (crisis detection and referral), so it is reported but does not fail the check there.
import type { QualityCheck, QualityContext, QualityConversation } from "../quality-types.ts";

export const HARMFUL_CONTENT_PATTERNS: readonly { label: string; pattern: RegExp }[] = [
  { label: "suicide", pattern: /\bsuicid(?:e|al)\b/i },
  { label: "self-harm", pattern: /\bself[-\s]?harm/i },
  {
    label: "kill oneself",
    pattern: /\bkill(?:ing)? (?:myself|yourself|himself|herself|themselves)\b/i,
  },
  { label: "end one's life", pattern: /\bend(?:ing)? (?:my|your|his|her|their) (?:own )?life\b/i },
  { label: "wanting to die", pattern: /\bwant(?:ed|s)? to die\b/i },
  { label: "no reason to live", pattern: /\bno (?:reason|point) (?:to|in) (?:live|living)\b/i },
  { label: "hurting oneself", pattern: /\b(?:hurt|harm)(?:ing)? (?:myself|yourself)\b/i },
  { label: "overdose", pattern: /\boverdos(?:e|ing)\b/i },
];

export interface HarmfulContentCheck extends QualityCheck {
  /** "message 3 (user): suicide", one entry per message and pattern. */
  flagged: string[];
  /** Whether flagged content is expected (edge-case tier) rather than a failure. */
  expected: boolean;
}

export function checkHarmfulContent(
  conversation: QualityConversation,
  tier: QualityContext["tier"],
): HarmfulContentCheck {
  const flagged: string[] = [];
  conversation.turns.forEach((turn, index) => {
    for (const { label, pattern } of HARMFUL_CONTENT_PATTERNS) {
      if (pattern.test(turn.content)) flagged.push(`message ${index + 1} (${turn.role}): ${label}`);
    }
  });
  const expected = tier === "edge_case";
  if (flagged.length === 0) {
    return {
      passed: true,
      score: 1,
      detail: "No harmful-content patterns found",
      flagged,
      expected,
    };
  }
  if (expected) {
    return {
      passed: true,
      score: 1,
      detail: `Sensitive content flagged, expected in an edge case: ${flagged.join("; ")}`,
      flagged,
      expected,
    };
  }
  return {
    passed: false,
    score: 0,
    detail: `Harmful content: ${flagged.join("; ")}`,
    flagged,
    expected,
  };
}

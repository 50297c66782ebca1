// What quality checks read and return. The input types are loose on purpose: conversations are
// checked after review edits too, when an annotation or a title may have gone missing.
import type { Tier } from "../conversation-schema.ts";

export interface QualityTurn {
  role: string;
  content: string;
  emotion?: { primary?: string | null } | null;
}

export interface QualityConversation {
  title?: string | null;
  summary?: string | null;
  turns: readonly QualityTurn[];
}

/** What the conversation was asked to be; a GenerationBrief fits. */
export interface QualityContext {
  tier: Tier;
  persona?: { name: string } | null;
  arc?: { name?: string; startEmotion: string; endEmotion: string } | null;
  topic?: { name: string } | null;
  /** The assistant's name, used to spot a client speaking as the consultant. */
  consultantName?: string | null;
  /** For an edge case, the behaviour it expects; the edge-case handling check reads it. */
  edgeCase?: { name: string; expectedBehavior: string } | null;
}

export interface QualityCheck {
  passed: boolean;
  /** 0 (worst) to 1 (best). */
  score: number;
  /** A sentence a reviewer can act on. */
  detail: string;
}

export const QUALITY_CHECK_NAMES = [
  "turnCount",
  "averageLength",
  "roleAlternation",
  "emotionalProgression",
  "personaConsistency",
  "harmfulContent",
  "metadataCompleteness",
] as const;
export type QualityCheckName = (typeof QUALITY_CHECK_NAMES)[number];

export interface Band {
  min: number;
  max: number;
}

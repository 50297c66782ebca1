// The inputs and outputs of coverage planning: scaffolding referenced by id, and planned items.
import type { Tier } from "../conversation-schema.ts";

export interface PlanEntity {
  id: string;
  name: string;
}

/** A pre-defined edge case; its own persona/arc/topic are used when set (and known). */
export interface PlanEdgeCase extends PlanEntity {
  personaId?: string | null;
  arcId?: string | null;
  topicId?: string | null;
}

export interface PlanSourceChunk {
  id: string;
  title?: string;
  /** The topic the chunk is about, when known; scenario items prefer a matching chunk. */
  topicId?: string | null;
  /** The uploaded document it was cut from: scenario items spread over documents first. */
  documentId?: string | null;
}

/** Allowed persona counts as multiples of an even share: 0.75–1.2 is 25–40 % for 3 personas. */
export interface ShareBand {
  min: number;
  max: number;
}

export const DEFAULT_PERSONA_BAND: Readonly<ShareBand> = Object.freeze({ min: 0.75, max: 1.2 });

export interface PlannedItem {
  /** 0-based order in the batch. */
  position: number;
  tier: Tier;
  personaId: string;
  arcId: string;
  topicId: string;
  /** Scenario items: the chunk giving their context (null when none exists). */
  sourceChunkId: string | null;
  /** Edge-case items: the pre-defined edge case (null when none exists). */
  edgeCaseId: string | null;
}

// The scaffolding a batch item was planned with: its tier and the rows its brief is built from.
// Items, conversations and NewBatchItem name them alike, so a retry, a stored result and a
// generation request copy them with one spread instead of field by field.
import type { BatchItem } from "../../schema.ts";

export type ItemReferences = Pick<
  BatchItem,
  "tier" | "personaId" | "arcId" | "topicId" | "edgeCaseId" | "sourceChunkId" | "promptTemplateId"
>;

/** Just the references of an item (or of anything shaped like one), without its other columns. */
export function itemReferences(row: ItemReferences): ItemReferences {
  return {
    tier: row.tier,
    personaId: row.personaId,
    arcId: row.arcId,
    topicId: row.topicId,
    edgeCaseId: row.edgeCaseId,
    sourceChunkId: row.sourceChunkId,
    promptTemplateId: row.promptTemplateId,
  };
}

// The metadata block the chat formats carry next to the messages, so every exported record says
// where it came from and, above all, whether it was simulated or edited by a human.
import { createdAtIso, type ExportConversation } from "../export-conversation.ts";
import { type QualityDimensionsView, qualityDimensionsView } from "../quality-metrics-view.ts";

export interface RecordMetadata {
  id: string;
  readable_id: string | null;
  tier: string;
  status: string;
  persona: string;
  arc: string;
  topic: string;
  edge_case: string | null;
  /** Scenario context: the uploaded document and the chunk (null without one). */
  document_id: string | null;
  chunk_id: string | null;
  quality_score: number | null;
  quality_dimensions: QualityDimensionsView | null;
  simulated: boolean;
  human_edited: boolean;
  model: string | null;
  created_at: string;
}

export function recordMetadata(conversation: ExportConversation): RecordMetadata {
  return {
    id: conversation.id,
    readable_id: conversation.readableId ?? null,
    tier: conversation.tier,
    status: conversation.status,
    persona: conversation.persona.key,
    arc: conversation.arc.key,
    topic: conversation.topic.key,
    edge_case: conversation.edgeCase?.key ?? null,
    document_id: conversation.sourceChunk?.documentId ?? null,
    chunk_id: conversation.sourceChunk?.chunkId ?? null,
    quality_score: conversation.qualityScore,
    quality_dimensions: qualityDimensionsView(conversation.qualityDimensions),
    simulated: conversation.simulated,
    human_edited: conversation.isHumanEdited,
    model: conversation.model,
    created_at: createdAtIso(conversation),
  };
}

/** Field names and HuggingFace dtypes of the block, for the dataset card's `dataset_info`. */
export const RECORD_METADATA_FEATURES: ReadonlyArray<{
  name: Exclude<keyof RecordMetadata, "quality_dimensions">;
  dtype: string;
}> = [
  { name: "id", dtype: "string" },
  { name: "readable_id", dtype: "string" },
  { name: "tier", dtype: "string" },
  { name: "status", dtype: "string" },
  { name: "persona", dtype: "string" },
  { name: "arc", dtype: "string" },
  { name: "topic", dtype: "string" },
  { name: "edge_case", dtype: "string" },
  { name: "document_id", dtype: "string" },
  { name: "chunk_id", dtype: "string" },
  { name: "quality_score", dtype: "float64" },
  { name: "simulated", dtype: "bool" },
  { name: "human_edited", dtype: "bool" },
  { name: "model", dtype: "string" },
  { name: "created_at", dtype: "string" },
];

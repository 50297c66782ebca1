// Builds the generation request for one batch item from its stored scaffolding, and the
// quality context the result is scored against.
import {
  type BatchItem,
  type Database,
  findConsultantProfile,
  findDefaultConsultantProfile,
  findEdgeCase,
  findEmotionalArc,
  findPersona,
  findSourceChunk,
  findTrainingTopic,
} from "@parley/db";
import {
  AppError,
  buildConversationRequest,
  type ConversationRequest,
  type QualityContext,
} from "@parley/generation";
import {
  arcForBrief,
  consultantFromProfile,
  edgeCaseForBrief,
  personaForBrief,
  topicForBrief,
} from "@parley/queue";

export interface ItemRequest {
  request: ConversationRequest;
  qualityContext: QualityContext;
  consultantProfileId: string;
}

export async function buildItemRequest(
  db: Database,
  item: BatchItem,
  options: { model?: string; turnCount?: number; consultantProfileId?: string },
): Promise<ItemRequest> {
  const scope = { workspaceId: item.workspace_id };
  const [persona, arc, topic, edgeCase, chunk, profile] = await Promise.all([
    item.persona_id ? findPersona(db, { ...scope, id: item.persona_id }) : undefined,
    item.arc_id ? findEmotionalArc(db, { ...scope, id: item.arc_id }) : undefined,
    item.topic_id ? findTrainingTopic(db, { ...scope, id: item.topic_id }) : undefined,
    item.edge_case_id ? findEdgeCase(db, { ...scope, id: item.edge_case_id }) : undefined,
    item.source_chunk_id ? findSourceChunk(db, { ...scope, id: item.source_chunk_id }) : undefined,
    options.consultantProfileId
      ? findConsultantProfile(db, { ...scope, id: options.consultantProfileId })
      : findDefaultConsultantProfile(db, scope),
  ]);
  if (!persona || !arc || !topic) {
    throw new AppError(
      "PRECONDITION_FAILED",
      "The item's persona, emotional arc or topic no longer exists in this workspace.",
    );
  }
  if (!profile) {
    throw new AppError("PRECONDITION_FAILED", "The workspace has no consultant profile.");
  }
  const consultant = consultantFromProfile(profile);
  const request = buildConversationRequest({
    consultant,
    persona: personaForBrief(persona),
    arc: arcForBrief(arc),
    topic: topicForBrief(topic),
    tier: item.tier,
    ...(options.turnCount === undefined ? {} : { turnCount: options.turnCount }),
    ...(chunk ? { sourceChunk: { title: chunk.title, content: chunk.content } } : {}),
    ...(edgeCase ? { edgeCase: edgeCaseForBrief(edgeCase) } : {}),
    ...(options.model ? { model: options.model } : {}),
  });
  // A regeneration's note from the reviewer ("less jargon", "end on a concrete next step").
  const note = item.parameters.note;
  if (typeof note === "string" && note.trim() !== "") {
    request.prompt += `\n\nReviewer's note for this new version: ${note.trim()}`;
  }
  return {
    request,
    consultantProfileId: profile.id,
    qualityContext: {
      tier: item.tier,
      persona: { name: persona.name },
      arc: { name: arc.name, startEmotion: arc.start_emotion, endEmotion: arc.end_emotion },
      topic: { name: topic.name },
      consultantName: consultant.name,
    },
  };
}

// Loads the scaffolding a conversation is generated from (persona, arc, topic, edge case, source
// chunk, prompt template, consultant profile) and builds the provider request and the quality
// context it is scored against. One builder for batch items and single generations.
import {
  type Database,
  findConsultantProfile,
  findDefaultConsultantProfile,
  findEdgeCase,
  findEmotionalArc,
  findPersona,
  findPromptTemplate,
  findSourceChunk,
  findTrainingTopic,
} from "@parley/db";
import {
  AppError,
  type BuildConversationRequestInput,
  buildConversationRequest,
  type ConversationRequest,
  type QualityContext,
  type Tier,
  templateVariablesSchema,
} from "@parley/generation";
import {
  arcForBrief,
  consultantFromProfile,
  edgeCaseForBrief,
  personaForBrief,
  topicForBrief,
} from "@parley/queue";

export interface ScaffoldedRequest {
  request: ConversationRequest;
  qualityContext: QualityContext;
  consultantProfileId: string;
}

export interface ScaffoldingRefs {
  workspaceId: string;
  tier: Tier;
  personaId: string | null;
  arcId: string | null;
  topicId: string | null;
  edgeCaseId?: string | null;
  sourceChunkId?: string | null;
  promptTemplateId?: string | null;
  /** The workspace's default profile when unset. */
  consultantProfileId?: string;
  /** What the error names when the persona, arc, topic (or template) is gone. */
  missingMessage: string;
}

/** The request's settings that do not come from scaffolding rows. */
export type RequestSettings = Pick<
  BuildConversationRequestInput,
  "turnCount" | "model" | "templateValues" | "intent" | "tone"
>;

export async function buildScaffoldedRequest(
  db: Database,
  refs: ScaffoldingRefs,
  settings: RequestSettings = {},
): Promise<ScaffoldedRequest> {
  const scope = { workspaceId: refs.workspaceId };
  const [persona, arc, topic, edgeCase, chunk, template, profile] = await Promise.all([
    refs.personaId ? findPersona(db, { ...scope, id: refs.personaId }) : undefined,
    refs.arcId ? findEmotionalArc(db, { ...scope, id: refs.arcId }) : undefined,
    refs.topicId ? findTrainingTopic(db, { ...scope, id: refs.topicId }) : undefined,
    refs.edgeCaseId ? findEdgeCase(db, { ...scope, id: refs.edgeCaseId }) : undefined,
    refs.sourceChunkId ? findSourceChunk(db, { ...scope, id: refs.sourceChunkId }) : undefined,
    refs.promptTemplateId
      ? findPromptTemplate(db, { ...scope, id: refs.promptTemplateId })
      : undefined,
    refs.consultantProfileId
      ? findConsultantProfile(db, { ...scope, id: refs.consultantProfileId })
      : findDefaultConsultantProfile(db, scope),
  ]);
  if (!persona || !arc || !topic || (refs.promptTemplateId && !template)) {
    throw new AppError("PRECONDITION_FAILED", refs.missingMessage);
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
    tier: refs.tier,
    ...(chunk ? { sourceChunk: { title: chunk.title, content: chunk.content } } : {}),
    ...(edgeCase ? { edgeCase: edgeCaseForBrief(edgeCase) } : {}),
    ...(template
      ? {
          template: {
            body: template.body,
            // Stored definitions are checked like a form's before they shape a prompt.
            variables: templateVariablesSchema.parse(template.variables),
          },
        }
      : {}),
    ...settings,
  });
  return {
    request,
    consultantProfileId: profile.id,
    qualityContext: {
      tier: refs.tier,
      persona: { name: persona.name },
      arc: { name: arc.name, startEmotion: arc.startEmotion, endEmotion: arc.endEmotion },
      topic: { name: topic.name },
      consultantName: consultant.name,
      edgeCase: edgeCase
        ? { name: edgeCase.name, expectedBehavior: edgeCase.expectedBehavior }
        : null,
    },
  };
}

// The live template preview of the generate form: the chosen template rendered with the form's
// values and the built-in ones (persona, emotion, topic, ...), placeholders that still need a
// value left as written and listed, and every problem. Never throws for an incomplete form.
import {
  type Database,
  findDefaultConsultantProfile,
  findEmotionalArc,
  findPersona,
  findPromptTemplate,
  findTrainingTopic,
} from "@parley/db";
import {
  AppError,
  previewTemplate,
  type TemplatePreview,
  type TemplateValues,
  templateVariablesSchema,
} from "@parley/generation";

export interface PreviewSingleGenerationOptions {
  workspaceId: string;
  templateId: string;
  personaId?: string | null;
  arcId?: string | null;
  topicId?: string | null;
  intent?: string;
  tone?: string;
  turnCount?: number | null;
  tier?: string;
  values?: Record<string, string | number>;
}

export async function previewSingleGeneration(
  db: Database,
  options: PreviewSingleGenerationOptions,
): Promise<TemplatePreview> {
  const scope = { workspaceId: options.workspaceId };
  const [template, persona, arc, topic, profile] = await Promise.all([
    findPromptTemplate(db, { ...scope, id: options.templateId }),
    options.personaId ? findPersona(db, { ...scope, id: options.personaId }) : undefined,
    options.arcId ? findEmotionalArc(db, { ...scope, id: options.arcId }) : undefined,
    options.topicId ? findTrainingTopic(db, { ...scope, id: options.topicId }) : undefined,
    findDefaultConsultantProfile(db, scope),
  ]);
  if (!template) throw AppError.notFound("Template", options.templateId);
  const builtIn: Record<string, string | number | undefined> = {
    persona: persona?.name,
    persona_name: persona?.name,
    persona_description: persona?.description,
    arc: arc?.name,
    arc_name: arc?.name,
    emotion: arc?.startEmotion,
    start_emotion: arc?.startEmotion,
    end_emotion: arc?.endEmotion,
    topic: topic?.name,
    topic_name: topic?.name,
    topic_description: topic?.description,
    intent: options.intent || undefined,
    tone: options.tone || undefined,
    turn_count: options.turnCount ?? undefined,
    tier: options.tier,
    consultant_name: profile?.name,
  };
  const values: TemplateValues = {
    ...Object.fromEntries(Object.entries(builtIn).filter(([, value]) => value !== undefined)),
    ...options.values,
  };
  const variables = templateVariablesSchema.safeParse(template.variables);
  return previewTemplate(
    { body: template.body, variables: variables.success ? variables.data : [] },
    values,
  );
}

// Everything a batch can be planned from, in one call: the workspace's active scaffolding.
import type { Kysely } from "kysely";
import type {
  ConsultantProfile,
  DB,
  EdgeCase,
  EmotionalArc,
  Persona,
  PromptTemplate,
  SourceChunk,
  TrainingTopic,
} from "../schema.ts";
import { findDefaultConsultantProfile } from "./consultant-profiles.ts";
import { listEdgeCases } from "./edge-cases.ts";
import { listEmotionalArcs } from "./emotional-arcs.ts";
import { listPersonas } from "./personas.ts";
import { listPromptTemplates } from "./prompt-templates.ts";
import { listSourceChunks } from "./source-chunks.ts";
import { listTrainingTopics } from "./training-topics.ts";

export interface ActiveScaffolding {
  personas: Persona[];
  arcs: EmotionalArc[];
  topics: TrainingTopic[];
  edgeCases: EdgeCase[];
  sourceChunks: SourceChunk[];
  /** The active version of each non-retired template. */
  templates: PromptTemplate[];
  consultantProfile: ConsultantProfile | null;
}

export async function findActiveScaffolding(
  db: Kysely<DB>,
  options: { workspaceId: string },
): Promise<ActiveScaffolding> {
  const scope = { workspaceId: options.workspaceId };
  const [personas, arcs, topics, edgeCases, sourceChunks, templates, consultantProfile] =
    await Promise.all([
      listPersonas(db, scope),
      listEmotionalArcs(db, scope),
      listTrainingTopics(db, scope),
      listEdgeCases(db, scope),
      listSourceChunks(db, scope),
      listPromptTemplates(db, scope),
      findDefaultConsultantProfile(db, scope),
    ]);
  return {
    personas,
    arcs,
    topics,
    edgeCases,
    sourceChunks,
    templates,
    consultantProfile: consultantProfile ?? null,
  };
}

// The scaffolding a plan's rows may name, archived rows included: a row naming an archived
// persona is told so ("restore it"), rather than that its id is unknown.
import {
  type Database,
  listEdgeCases,
  listEmotionalArcs,
  listPersonas,
  listSourceChunks,
  listTrainingTopics,
} from "@parley/db";
import type { PlanReference, PlanReferences } from "@parley/generation";

export async function loadPlanReferences(
  db: Database,
  options: { workspaceId: string },
): Promise<PlanReferences> {
  const scope = { workspaceId: options.workspaceId, includeRetired: true };
  const [personas, arcs, topics, edgeCases, sourceChunks] = await Promise.all([
    listPersonas(db, scope),
    listEmotionalArcs(db, scope),
    listTrainingTopics(db, scope),
    listEdgeCases(db, scope),
    listSourceChunks(db, scope),
  ]);
  const named = (row: { id: string; name: string; retiredAt: Date | null }): PlanReference => ({
    id: row.id,
    name: row.name,
    retired: row.retiredAt !== null,
  });
  return {
    personas: personas.map(named),
    arcs: arcs.map(named),
    topics: topics.map(named),
    edgeCases: edgeCases.map(named),
    sourceChunks: sourceChunks.map((chunk) => named({ ...chunk, name: chunk.title })),
  };
}

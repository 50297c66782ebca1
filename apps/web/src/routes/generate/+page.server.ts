import { apiCaller } from "#lib/server/caller.ts";
import type { PageServerLoad } from "./$types";

export const load = (async (event) => {
  const { scaffolding } = apiCaller(event);
  const [templates, personas, arcs, topics, edgeCases, sourceChunks] = await Promise.all([
    scaffolding.templates.list(),
    scaffolding.personas.list(),
    scaffolding.arcs.list(),
    scaffolding.topics.list(),
    scaffolding.edgeCases.list(),
    scaffolding.sourceChunks.list(),
  ]);
  return {
    templates,
    personas: personas.map(({ id, name, archetype }) => ({ id, name, archetype })),
    arcs: arcs.map(({ id, name, startEmotion, endEmotion, arcType }) => ({
      id,
      name,
      startEmotion,
      endEmotion,
      arcType,
    })),
    topics: topics.map(({ id, name }) => ({ id, name })),
    edgeCases: edgeCases.map(({ id, name, expectedBehavior, personaId, arcId, topicId }) => ({
      id,
      name,
      expectedBehavior,
      personaId,
      arcId,
      topicId,
    })),
    sourceChunks: sourceChunks.map(({ id, title, topicId }) => ({ id, title, topicId })),
  };
}) satisfies PageServerLoad;

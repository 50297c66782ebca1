// Translates stored scaffolding rows into the shapes the pure generation code takes (planner
// entities, brief parts, the consultant), so neither side knows the other's columns.
import type {
  ActiveScaffolding,
  ConsultantProfile,
  EdgeCase,
  EmotionalArc,
  Persona,
  TrainingTopic,
} from "@parley/db";
import type { BuildConversationRequestInput, PlanCoverageInput } from "@parley/generation";

export function planEntities(
  scaffolding: ActiveScaffolding,
): Pick<PlanCoverageInput, "personas" | "arcs" | "topics" | "edgeCases" | "sourceChunks"> {
  return {
    personas: scaffolding.personas.map(({ id, name }) => ({ id, name })),
    arcs: scaffolding.arcs.map(({ id, name }) => ({ id, name })),
    topics: scaffolding.topics.map(({ id, name }) => ({ id, name })),
    edgeCases: scaffolding.edgeCases.map(({ id, name, personaId, arcId, topicId }) => ({
      id,
      name,
      personaId,
      arcId,
      topicId,
    })),
    sourceChunks: scaffolding.sourceChunks.map(({ id, title, topicId, documentId }) => ({
      id,
      title,
      topicId,
      documentId,
    })),
  };
}

export function personaForBrief(persona: Persona): BuildConversationRequestInput["persona"] {
  return {
    key: persona.key,
    name: persona.name,
    description: [persona.archetype, persona.description, persona.background]
      .filter(Boolean)
      .join(" — "),
    traits: persona.traits,
  };
}

export function arcForBrief(arc: EmotionalArc): BuildConversationRequestInput["arc"] {
  return {
    key: arc.key,
    name: arc.name,
    startEmotion: arc.startEmotion,
    endEmotion: arc.endEmotion,
    description: arc.description,
  };
}

export function topicForBrief(topic: TrainingTopic): BuildConversationRequestInput["topic"] {
  return { key: topic.key, name: topic.name, description: topic.description };
}

export function edgeCaseForBrief(
  edgeCase: EdgeCase,
): NonNullable<BuildConversationRequestInput["edgeCase"]> {
  return { key: edgeCase.key, name: edgeCase.name, expectedBehavior: edgeCase.expectedBehavior };
}

export function consultantFromProfile(
  profile: ConsultantProfile,
): BuildConversationRequestInput["consultant"] {
  return {
    name: profile.name,
    systemPrompt: profile.systemPrompt,
    profile: {
      business: profile.business,
      expertise: profile.expertise,
      yearsExperience: profile.yearsExperience,
      corePhilosophy: profile.corePhilosophy,
      communicationStyle: profile.communicationStyle,
    },
  };
}

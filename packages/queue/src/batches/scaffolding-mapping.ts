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
    edgeCases: scaffolding.edgeCases.map((edgeCase) => ({
      id: edgeCase.id,
      name: edgeCase.name,
      personaId: edgeCase.persona_id,
      arcId: edgeCase.arc_id,
      topicId: edgeCase.topic_id,
    })),
    sourceChunks: scaffolding.sourceChunks.map(({ id, title, topic_id }) => ({
      id,
      title,
      topicId: topic_id,
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
    startEmotion: arc.start_emotion,
    endEmotion: arc.end_emotion,
    description: arc.description,
  };
}

export function topicForBrief(topic: TrainingTopic): BuildConversationRequestInput["topic"] {
  return { key: topic.key, name: topic.name, description: topic.description };
}

export function edgeCaseForBrief(
  edgeCase: EdgeCase,
): NonNullable<BuildConversationRequestInput["edgeCase"]> {
  return { key: edgeCase.key, name: edgeCase.name, expectedBehavior: edgeCase.expected_behavior };
}

export function consultantFromProfile(
  profile: ConsultantProfile,
): BuildConversationRequestInput["consultant"] {
  return {
    name: profile.name,
    systemPrompt: profile.system_prompt,
    profile: {
      business: profile.business,
      expertise: profile.expertise,
      yearsExperience: profile.years_experience,
      corePhilosophy: profile.core_philosophy,
      communicationStyle: profile.communication_style,
    },
  };
}

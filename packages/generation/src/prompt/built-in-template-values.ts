// Values every template can use without the caller supplying them, taken from the generation
// parameters. Caller-supplied values win. The short aliases (persona, emotion, topic, arc)
// follow the specification's template format ("Persona: {{persona}}, Emotion: {{emotion}}").
import type { GenerationBrief } from "../conversation-schema.ts";
import type { TemplateValues } from "../templates/template-variable.ts";

export const BUILT_IN_TEMPLATE_VARIABLES = [
  "persona",
  "persona_name",
  "persona_description",
  "arc",
  "arc_name",
  "emotion",
  "start_emotion",
  "end_emotion",
  "topic",
  "topic_name",
  "topic_description",
  "intent",
  "tone",
  "turn_count",
  "tier",
  "consultant_name",
] as const;

export function builtInTemplateValues(
  brief: GenerationBrief,
  consultantName: string,
): TemplateValues {
  return {
    persona: brief.persona.name,
    persona_name: brief.persona.name,
    persona_description: brief.persona.description,
    arc: brief.arc.name,
    arc_name: brief.arc.name,
    emotion: brief.arc.startEmotion,
    start_emotion: brief.arc.startEmotion,
    end_emotion: brief.arc.endEmotion,
    topic: brief.topic.name,
    topic_name: brief.topic.name,
    topic_description: brief.topic.description,
    intent: brief.intent,
    tone: brief.tone,
    turn_count: brief.turnCount,
    tier: brief.tier,
    consultant_name: consultantName,
  };
}

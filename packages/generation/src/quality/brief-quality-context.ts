// What the quality checks and the judge are told a conversation was meant to be, read from the
// brief it was generated from: one mapping for the worker, the simulator's judge and the bench.
import type { GenerationBrief } from "../conversation-schema.ts";
import type { JudgeContext } from "./judge/build-judge-request.ts";
import type { QualityContext } from "./quality-types.ts";

export function qualityContextFromBrief(
  brief: GenerationBrief,
  consultantName?: string | null,
): QualityContext {
  return {
    tier: brief.tier,
    persona: { name: brief.persona.name },
    arc: {
      name: brief.arc.name,
      startEmotion: brief.arc.startEmotion,
      endEmotion: brief.arc.endEmotion,
    },
    topic: { name: brief.topic.name },
    consultantName: consultantName ?? null,
    edgeCase: brief.edgeCase
      ? { name: brief.edgeCase.name, expectedBehavior: brief.edgeCase.expectedBehavior }
      : null,
  };
}

export function judgeContextFromBrief(
  brief: GenerationBrief,
  consultantName?: string | null,
): JudgeContext {
  return {
    ...(consultantName ? { consultantName } : {}),
    tier: brief.tier,
    persona: { name: brief.persona.name, description: brief.persona.description },
    arc: {
      name: brief.arc.name,
      startEmotion: brief.arc.startEmotion,
      endEmotion: brief.arc.endEmotion,
    },
    topic: { name: brief.topic.name, description: brief.topic.description },
    ...(brief.edgeCase
      ? {
          edgeCase: {
            name: brief.edgeCase.name,
            expectedBehavior: brief.edgeCase.expectedBehavior,
          },
        }
      : {}),
  };
}

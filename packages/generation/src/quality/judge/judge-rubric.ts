// The rubric an LLM judge scores a conversation against: weighted criteria, each scored 0–10.
// The default follows the specification's manual review checklist, worded for any consultant.
import { z } from "zod";

export const judgeCriterionSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/, "Criterion keys are snake_case"),
  description: z.string().min(1),
  weight: z.number().positive(),
});
export type JudgeCriterion = z.infer<typeof judgeCriterionSchema>;

export const judgeRubricSchema = z.object({
  criteria: z
    .array(judgeCriterionSchema)
    .min(1)
    .refine(
      (criteria) => new Set(criteria.map((criterion) => criterion.key)).size === criteria.length,
      {
        message: "Criterion keys must be unique",
      },
    ),
});
export type JudgeRubric = z.infer<typeof judgeRubricSchema>;

export const DEFAULT_JUDGE_RUBRIC: JudgeRubric = {
  criteria: [
    {
      key: "emotional_intelligence",
      description:
        "The assistant acknowledges and validates the user's emotions before advising, normalises their struggle, never judges past decisions, and notices progress.",
      weight: 0.3,
    },
    {
      key: "guidance_quality",
      description:
        "Guidance is specific rather than abstract, actionable, explains why and not only what, and fits this user's situation.",
      weight: 0.25,
    },
    {
      key: "conversation_flow",
      description:
        "The dialogue is natural, turn-taking is realistic, the user's replies build on the assistant's, and it ends with a clear resolution or next step.",
      weight: 0.2,
    },
    {
      key: "brief_fidelity",
      description:
        "The conversation matches its brief: the persona's voice and situation, the emotional arc from start to end, the topic, and for an edge case its expected behaviour.",
      weight: 0.15,
    },
    {
      key: "consultant_voice",
      description:
        "The assistant keeps the consultant's voice: warm and professional, never condescending, asks before educating, uses examples appropriately.",
      weight: 0.1,
    },
  ],
};

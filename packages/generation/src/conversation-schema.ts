// The contract between the prompt builder, the provider, the simulator and storage: what a
// generation is asked for (the brief) and what comes back (the conversation), as zod schemas.
import { TIERS, type Tier } from "@parley/vocabulary";
import { z } from "zod";

export { TIERS, type Tier };
export const tierSchema = z.enum(TIERS);

export const roleSchema = z.enum(["user", "assistant"]);
export type Role = z.infer<typeof roleSchema>;

/** Emotional annotation carried by every turn. */
export const emotionSchema = z.object({
  primary: z.string().min(1).describe("The dominant emotion of the speaker in this turn, one word"),
  intensity: z.number().min(0).max(1).describe("How strongly it is felt, 0 to 1"),
  secondary: z.array(z.string()).default([]).describe("Other emotions present"),
});
export type Emotion = z.infer<typeof emotionSchema>;

export const generatedTurnSchema = z.object({
  role: roleSchema,
  content: z.string().min(1),
  emotion: emotionSchema,
  /** Conversation phase, e.g. "opening", "exploration", "guidance", "closing". */
  phase: z.string().optional(),
  /** For assistant turns: the techniques used (validation, reframing, ...). */
  techniques: z.array(z.string()).optional(),
});
export type GeneratedTurn = z.infer<typeof generatedTurnSchema>;

/** What the model returns, through the forced `record_conversation` tool. */
export const generatedConversationSchema = z.object({
  title: z.string().min(1),
  summary: z.string().min(1),
  learningObjective: z.string().optional(),
  turns: z.array(generatedTurnSchema).min(2),
});
export type GeneratedConversation = z.infer<typeof generatedConversationSchema>;

export const RECORD_CONVERSATION_TOOL = "record_conversation";

/** Everything one generation needs to know; rendered into the user message as tagged JSON. */
export const generationBriefSchema = z.object({
  tier: tierSchema,
  /** Number of messages (user and assistant together), starting with the user. */
  turnCount: z.number().int().min(2).max(40),
  persona: z.object({
    key: z.string(),
    name: z.string(),
    description: z.string(),
    traits: z.array(z.string()).default([]),
  }),
  arc: z.object({
    key: z.string(),
    name: z.string(),
    startEmotion: z.string(),
    endEmotion: z.string(),
    description: z.string().default(""),
  }),
  topic: z.object({
    key: z.string(),
    name: z.string(),
    description: z.string().default(""),
  }),
  sourceContext: z.object({ title: z.string(), content: z.string() }).optional(),
  edgeCase: z
    .object({ key: z.string(), name: z.string(), expectedBehavior: z.string() })
    .optional(),
  intent: z.string().optional(),
  tone: z.string().optional(),
  /** Free-form parameters from a template or the single-generation form. */
  parameters: z.record(z.string(), z.string()).default({}),
});
export type GenerationBrief = z.infer<typeof generationBriefSchema>;
export type GenerationBriefInput = z.input<typeof generationBriefSchema>;

const BRIEF_OPEN = "<generation_brief>";
const BRIEF_CLOSE = "</generation_brief>";

/** The brief as a tagged JSON block; JSON escaping keeps values from closing the tag early. */
export function renderBrief(brief: GenerationBrief): string {
  const json = JSON.stringify(brief, null, 2).replaceAll("<", "\\u003c");
  return `${BRIEF_OPEN}\n${json}\n${BRIEF_CLOSE}`;
}

/** Finds and validates the brief inside a prompt; null when there is none or it is invalid. */
export function extractBrief(text: string): GenerationBrief | null {
  const start = text.indexOf(BRIEF_OPEN);
  const end = text.indexOf(BRIEF_CLOSE, start);
  if (start < 0 || end < 0) return null;
  try {
    const parsed = generationBriefSchema.safeParse(
      JSON.parse(text.slice(start + BRIEF_OPEN.length, end)),
    );
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A fully built generation request: what the prompt builder produces and a provider sends. */
export interface ConversationRequest {
  /** The static system block (consultant profile and rules): identical across a batch, so cached. */
  system: string;
  /** The per-conversation user message; contains the rendered brief. */
  prompt: string;
  brief: GenerationBrief;
  maxTokens: number;
  /** Overrides the provider's default model. */
  model?: string;
}

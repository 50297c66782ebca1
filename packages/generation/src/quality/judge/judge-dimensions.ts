// The part of the judge's answer that scores the specification's quality dimensions the rules
// cannot read well (is the advice right, does the client sound like a person) plus its own
// confidence and the conversation's value as training data. Uniqueness is not asked: a judge
// sees one conversation, the near-duplicate index sees the dataset.
import { z } from "zod";
import { LEVELS } from "../dimensions/quality-dimensions-schema.ts";

const dimension = (description: string) => z.number().min(0).max(10).describe(description);

export const judgeDimensionsSchema = z.object({
  relevance: dimension(
    "0–10: the conversation stays on its brief's topic and the client's situation",
  ),
  accuracy: dimension(
    "0–10: what the assistant says is correct and within what the brief allows (an edge case's boundaries included)",
  ),
  naturalness: dimension(
    "0–10: both sides sound like people; message lengths and phrasing are believable",
  ),
  methodology: dimension(
    "0–10: the assistant's method: validation before advice, the emotional arc actually moves, edge cases handled as expected",
  ),
  coherence: dimension(
    "0–10: each side keeps its role, turns follow from each other, nothing repeats",
  ),
  confidence: z.enum(LEVELS).describe("How sure you are of these scores"),
  training_value: z
    .enum(LEVELS)
    .describe("How much this conversation would teach as a training example"),
});
export type JudgeDimensions = z.infer<typeof judgeDimensionsSchema>;

// What an export reads: one conversation with its turns and the metadata every format needs.
// The database layer produces these from a cursor; everything in `export/` consumes them as a stream.
import { emotionSchema, qualityDimensionsSchema, roleSchema, tierSchema } from "@parley/generation";
import { CONVERSATION_STATUSES } from "@parley/vocabulary";
import { z } from "zod";

/** The conversation lifecycle, as stored (DESIGN.md, data model). */
export const conversationStatusSchema = z.enum(CONVERSATION_STATUSES);

export const exportTurnSchema = z.object({
  turnNumber: z.number().int().min(1),
  role: roleSchema,
  content: z.string(),
  emotion: emotionSchema,
  phase: z.string().nullish(),
  techniques: z.array(z.string()).nullish(),
});
export type ExportTurn = z.infer<typeof exportTurnSchema>;

/**
 * One automated quality check as the quality module records it ({passed, score, detail}). Only
 * `passed` is required; `severity` may say outright whether a failure blocks ("error").
 */
export const qualityCheckSchema = z.looseObject({
  passed: z.boolean(),
  score: z.number().optional(),
  detail: z.string().optional(),
  severity: z.enum(["error", "warning"]).optional(),
});
export type QualityCheck = z.infer<typeof qualityCheckSchema>;

/**
 * Quality metrics are open-ended; the quality module's assessment fits. `checks` (a record of
 * name → check, or a list of checks with a `name`) and `errors` (details of the blocking
 * failures) feed the quality report; check scores and numeric entries (e.g. a judge's
 * `relevance`) become the per-pair `quality_criteria`. Anything else is carried along untouched.
 */
export const qualityMetricsSchema = z.looseObject({
  errors: z.array(z.string()).optional(),
  checks: z
    .union([
      z.record(z.string(), qualityCheckSchema),
      z.array(qualityCheckSchema.extend({ name: z.string() })),
    ])
    .optional(),
});
export type QualityMetrics = z.infer<typeof qualityMetricsSchema>;

export const exportConversationSchema = z.object({
  id: z.string().min(1),
  /** The readable id (`fp_<persona>_<###>`) beside the UUID; absent from older sources. */
  readableId: z.string().nullish(),
  tier: tierSchema,
  status: conversationStatusSchema,
  title: z.string(),
  summary: z.string(),
  /** What the conversation is meant to teach; falls back to the topic name where a format needs one. */
  learningObjective: z.string().nullish(),
  persona: z.object({ key: z.string(), name: z.string(), description: z.string() }),
  arc: z.object({
    key: z.string(),
    name: z.string(),
    startEmotion: z.string(),
    endEmotion: z.string(),
  }),
  topic: z.object({ key: z.string(), name: z.string() }),
  edgeCase: z
    .object({ key: z.string(), name: z.string(), expectedBehavior: z.string().optional() })
    .nullish(),
  /** Scenario context: the source chunk and, when it was cut from an upload, its document. */
  sourceChunk: z
    .object({
      key: z.string(),
      title: z.string(),
      chunkId: z.string(),
      documentId: z.string().nullish(),
      documentTitle: z.string().nullish(),
      headingPath: z.array(z.string()).nullish(),
    })
    .nullish(),
  turns: z.array(exportTurnSchema),
  /** Composite 0–10; null until the quality step has run. */
  qualityScore: z.number().nullable(),
  qualityMetrics: qualityMetricsSchema.nullable(),
  /** The quality dimensions with their sources; null or absent for rows scored before them. */
  qualityDimensions: qualityDimensionsSchema.nullish(),
  isHumanEdited: z.boolean(),
  /** Produced by the built-in simulated provider rather than Claude: always labelled in exports. */
  simulated: z.boolean(),
  model: z.string().nullable(),
  costUsd: z.number().nullable(),
  inputTokens: z.number().int().nullable(),
  outputTokens: z.number().int().nullable(),
  parentId: z.string().nullable(),
  /** A Date from the database driver, or an ISO-8601 string from JSON. */
  createdAt: z.union([z.date(), z.iso.datetime({ offset: true })]),
  reviewerNotes: z.string().nullish(),
  /** The reviewer's decision, when one was recorded separately from the status. */
  approved: z.boolean().nullish(),
});
export type ExportConversation = z.infer<typeof exportConversationSchema>;
export type ExportConversationInput = z.input<typeof exportConversationSchema>;

/** Validates a row from an untyped source (a JSON file, a queue payload) before it is exported. */
export function parseExportConversation(value: unknown): ExportConversation {
  return exportConversationSchema.parse(value);
}

/** ISO-8601 timestamp of a conversation's creation, whichever form the source gave. */
export function createdAtIso(conversation: Pick<ExportConversation, "createdAt">): string {
  const { createdAt } = conversation;
  return createdAt instanceof Date ? createdAt.toISOString() : new Date(createdAt).toISOString();
}

/** Turns in conversation order; sources usually sort already, but formats must not depend on it. */
export function orderedTurns(conversation: Pick<ExportConversation, "turns">): ExportTurn[] {
  const turns = conversation.turns;
  for (let i = 1; i < turns.length; i++) {
    const previous = turns[i - 1];
    const current = turns[i];
    if (previous && current && previous.turnNumber > current.turnNumber) {
      return [...turns].sort((a, b) => a.turnNumber - b.turnNumber);
    }
  }
  return turns;
}

// The JSON array format: every conversation with all its metadata as one `[...]` document,
// streamed element by element, for tools that want a single JSON file rather than lines.

import { tierSchema } from "@parley/generation";
import { z } from "zod";
import {
  conversationStatusSchema,
  createdAtIso,
  type ExportConversation,
  orderedTurns,
} from "../export-conversation.ts";
import { type ExportFormat, type FormatWriter, WRITTEN } from "../format-writer.ts";
import { qualityDimensionsView } from "../quality-metrics-view.ts";
import { writeChunk } from "../streams/write-chunk.ts";
import type { ValidationIssue, ValidationResult } from "../validation-issue.ts";
import { validationResult } from "../validation-issue.ts";
import { sourceContextRecord } from "./source-context.ts";

export function toJsonArrayElement(conversation: ExportConversation) {
  return {
    id: conversation.id,
    readable_id: conversation.readableId ?? null,
    tier: conversation.tier,
    status: conversation.status,
    title: conversation.title,
    summary: conversation.summary,
    learning_objective: conversation.learningObjective ?? null,
    persona: conversation.persona,
    arc: {
      key: conversation.arc.key,
      name: conversation.arc.name,
      start_emotion: conversation.arc.startEmotion,
      end_emotion: conversation.arc.endEmotion,
    },
    topic: conversation.topic,
    edge_case: conversation.edgeCase
      ? {
          key: conversation.edgeCase.key,
          name: conversation.edgeCase.name,
          expected_behavior: conversation.edgeCase.expectedBehavior ?? null,
        }
      : null,
    source_context: sourceContextRecord(conversation),
    turns: orderedTurns(conversation).map((turn) => ({
      turn_number: turn.turnNumber,
      role: turn.role,
      content: turn.content,
      emotion: turn.emotion,
      phase: turn.phase ?? null,
      techniques: turn.techniques ?? [],
    })),
    quality_score: conversation.qualityScore,
    quality_metrics: conversation.qualityMetrics,
    quality_dimensions: qualityDimensionsView(conversation.qualityDimensions),
    simulated: conversation.simulated,
    human_edited: conversation.isHumanEdited,
    model: conversation.model,
    cost_usd: conversation.costUsd,
    input_tokens: conversation.inputTokens,
    output_tokens: conversation.outputTokens,
    parent_id: conversation.parentId,
    created_at: createdAtIso(conversation),
    reviewer_notes: conversation.reviewerNotes ?? null,
    approved: conversation.approved ?? null,
  };
}
export type JsonArrayElement = ReturnType<typeof toJsonArrayElement>;

const elementSchema = z.object({
  id: z.string().min(1),
  tier: tierSchema,
  status: conversationStatusSchema,
  title: z.string(),
  turns: z
    .array(
      z.object({
        turn_number: z.number().int().min(1),
        role: z.enum(["user", "assistant"]),
        content: z.string(),
      }),
    )
    .min(1),
  simulated: z.boolean(),
  human_edited: z.boolean(),
  created_at: z.iso.datetime({ offset: true }),
});

export function validateJsonArrayElement(element: unknown): ValidationIssue[] {
  const parsed = elementSchema.safeParse(element);
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

/** Parses the whole document (fine for review-sized files) and checks every element. */
export function validateJsonArray(text: string): ValidationResult {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return validationResult([{ path: "", message: `Not valid JSON: ${(error as Error).message}` }]);
  }
  if (!Array.isArray(document))
    return validationResult([{ path: "", message: "The document must be a JSON array" }]);
  const issues = document.flatMap((element, index) =>
    validateJsonArrayElement(element).map((issue) => ({ ...issue, line: index + 1 })),
  );
  return validationResult(issues);
}

export const jsonArrayFormat: ExportFormat = {
  id: "json",
  extension: ".json",
  contentType: "application/json",
  description: "One JSON array of full conversation records with all metadata",
  createWriter(output): FormatWriter {
    let count = 0;
    return {
      async write(conversation) {
        const prefix = count === 0 ? "[\n" : ",\n";
        count++;
        await writeChunk(output, prefix + JSON.stringify(toJsonArrayElement(conversation)));
        return WRITTEN;
      },
      async finish() {
        await writeChunk(output, count === 0 ? "[]\n" : "\n]\n");
      },
    };
  },
};

// Reads conversations for an export through a server-side cursor, so memory stays flat
// however many rows match. Yields rows shaped like @parley/export's ExportConversation.
import type { Kysely } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { ConversationStatus, Tier, TurnRole } from "../column-values.ts";
import type { DB, TurnEmotion } from "../schema.ts";
import { type ConversationFilters, conversationFilterExpression } from "./conversation-filters.ts";
import { countConversations } from "./conversation-list.ts";

export interface ExportTurnRow {
  turnNumber: number;
  role: TurnRole;
  content: string;
  emotion: TurnEmotion | null;
  phase: string | null;
  techniques: string[];
}

/** Field names match @parley/export's ExportConversation, so rows feed the writers as-is. */
export interface ExportConversationRow {
  id: string;
  tier: Tier;
  status: ConversationStatus;
  title: string;
  summary: string;
  learningObjective: string | null;
  persona: { key: string; name: string; description: string } | null;
  arc: { key: string; name: string; startEmotion: string; endEmotion: string } | null;
  topic: { key: string; name: string } | null;
  edgeCase: { key: string; name: string; expectedBehavior: string } | null;
  sourceChunk: { key: string; title: string } | null;
  turns: ExportTurnRow[];
  qualityScore: number | null;
  qualityMetrics: Record<string, unknown> | null;
  isHumanEdited: boolean;
  simulated: boolean;
  model: string | null;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  parentId: string | null;
  batchId: string | null;
  parameters: Record<string, unknown>;
  createdAt: Date;
  /** The latest non-empty review note. */
  reviewerNotes: string | null;
}

export interface StreamConversationsOptions {
  workspaceId: string;
  filters?: ConversationFilters;
  /** Rows fetched per round trip; default 100. */
  chunkSize?: number;
}

/** Exports leave near-duplicates out unless the filters ask for them. */
function exportFilters(filters: ConversationFilters = {}): ConversationFilters {
  return { ...filters, includeDuplicates: filters.includeDuplicates ?? false };
}

/**
 * Every matching conversation with its turns (in turn order) and scaffolding, oldest first.
 * Holds one pooled connection until the iteration ends or is abandoned (`break` is fine).
 */
export async function* streamConversationsForExport(
  db: Kysely<DB>,
  options: StreamConversationsOptions,
): AsyncGenerator<ExportConversationRow> {
  const query = db
    .selectFrom("conversations")
    .leftJoin("personas", "personas.id", "conversations.persona_id")
    .leftJoin("emotional_arcs", "emotional_arcs.id", "conversations.arc_id")
    .leftJoin("training_topics", "training_topics.id", "conversations.topic_id")
    .leftJoin("edge_cases", "edge_cases.id", "conversations.edge_case_id")
    .leftJoin("source_chunks", "source_chunks.id", "conversations.source_chunk_id")
    .select([
      "conversations.id",
      "conversations.tier",
      "conversations.status",
      "conversations.title",
      "conversations.summary",
      "conversations.learning_objective",
      "conversations.quality_score",
      "conversations.quality_metrics",
      "conversations.is_human_edited",
      "conversations.simulated",
      "conversations.model",
      "conversations.cost_usd",
      "conversations.input_tokens",
      "conversations.output_tokens",
      "conversations.parent_id",
      "conversations.batch_id",
      "conversations.parameters",
      "conversations.created_at",
      "personas.key as persona_key",
      "personas.name as persona_name",
      "personas.description as persona_description",
      "emotional_arcs.key as arc_key",
      "emotional_arcs.name as arc_name",
      "emotional_arcs.start_emotion as arc_start_emotion",
      "emotional_arcs.end_emotion as arc_end_emotion",
      "training_topics.key as topic_key",
      "training_topics.name as topic_name",
      "edge_cases.key as edge_case_key",
      "edge_cases.name as edge_case_name",
      "edge_cases.expected_behavior as edge_case_expected_behavior",
      "source_chunks.key as source_chunk_key",
      "source_chunks.title as source_chunk_title",
    ])
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom("conversation_turns")
          .select([
            "conversation_turns.turn_number as turnNumber",
            "conversation_turns.role",
            "conversation_turns.content",
            "conversation_turns.emotion",
            "conversation_turns.phase",
            "conversation_turns.techniques",
          ])
          .whereRef("conversation_turns.conversation_id", "=", "conversations.id")
          .orderBy("conversation_turns.turn_number"),
      ).as("turns"),
      eb
        .selectFrom("conversation_reviews")
        .select("conversation_reviews.notes")
        .whereRef("conversation_reviews.conversation_id", "=", "conversations.id")
        .where("conversation_reviews.notes", "<>", "")
        .orderBy("conversation_reviews.created_at", "desc")
        .limit(1)
        .as("reviewer_notes"),
    ])
    .where((eb) =>
      conversationFilterExpression(eb, options.workspaceId, exportFilters(options.filters)),
    )
    .orderBy("conversations.created_at")
    .orderBy("conversations.id");

  for await (const row of query.stream(options.chunkSize ?? 100)) {
    yield {
      id: row.id,
      tier: row.tier,
      status: row.status,
      title: row.title,
      summary: row.summary,
      learningObjective: row.learning_objective,
      persona:
        row.persona_key !== null
          ? {
              key: row.persona_key,
              name: row.persona_name ?? "",
              description: row.persona_description ?? "",
            }
          : null,
      arc:
        row.arc_key !== null
          ? {
              key: row.arc_key,
              name: row.arc_name ?? "",
              startEmotion: row.arc_start_emotion ?? "",
              endEmotion: row.arc_end_emotion ?? "",
            }
          : null,
      topic: row.topic_key !== null ? { key: row.topic_key, name: row.topic_name ?? "" } : null,
      edgeCase:
        row.edge_case_key !== null
          ? {
              key: row.edge_case_key,
              name: row.edge_case_name ?? "",
              expectedBehavior: row.edge_case_expected_behavior ?? "",
            }
          : null,
      sourceChunk:
        row.source_chunk_key !== null
          ? { key: row.source_chunk_key, title: row.source_chunk_title ?? "" }
          : null,
      turns: row.turns as ExportTurnRow[],
      qualityScore: row.quality_score,
      qualityMetrics: row.quality_metrics,
      isHumanEdited: row.is_human_edited,
      simulated: row.simulated,
      model: row.model,
      costUsd: row.cost_usd,
      inputTokens: row.input_tokens,
      outputTokens: row.output_tokens,
      parentId: row.parent_id,
      batchId: row.batch_id,
      parameters: row.parameters,
      createdAt: row.created_at,
      reviewerNotes: row.reviewer_notes ?? null,
    };
  }
}

/** How many rows streamConversationsForExport will yield (for a progress bar). */
export function countConversationsForExport(
  db: Kysely<DB>,
  options: { workspaceId: string; filters?: ConversationFilters },
): Promise<number> {
  return countConversations(db, { ...options, filters: exportFilters(options.filters) });
}

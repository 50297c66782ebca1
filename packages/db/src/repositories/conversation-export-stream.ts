// Reads conversations for an export through a server-side cursor, so memory stays flat
// however many rows match. Yields rows shaped like @parley/export's ExportConversation.
import { type Kysely, sql } from "kysely";
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
  /** Scenario context: the chunk and, for an uploaded document's chunk, its document. */
  sourceChunk: {
    key: string;
    title: string;
    chunkId: string;
    documentId: string | null;
    documentTitle: string | null;
    headingPath: string[];
  } | null;
  turns: ExportTurnRow[];
  qualityScore: number | null;
  qualityMetrics: Record<string, unknown> | null;
  qualityDimensions: Record<string, unknown> | null;
  isHumanEdited: boolean;
  simulated: boolean;
  model: string | null;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  parentId: string | null;
  /** fp_<persona>_<###>, shared by a regeneration chain. */
  readableId: string;
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
    .leftJoin("personas", "personas.id", "conversations.personaId")
    .leftJoin("emotional_arcs", "emotional_arcs.id", "conversations.arcId")
    .leftJoin("training_topics", "training_topics.id", "conversations.topicId")
    .leftJoin("edge_cases", "edge_cases.id", "conversations.edgeCaseId")
    .leftJoin("source_chunks", "source_chunks.id", "conversations.sourceChunkId")
    .leftJoin("source_documents", "source_documents.id", "source_chunks.documentId")
    .select([
      "conversations.id",
      "conversations.tier",
      "conversations.status",
      "conversations.title",
      "conversations.summary",
      "conversations.learningObjective",
      "conversations.qualityScore",
      "conversations.qualityMetrics",
      "conversations.qualityDimensions",
      "conversations.isHumanEdited",
      "conversations.simulated",
      "conversations.model",
      "conversations.costUsd",
      "conversations.inputTokens",
      "conversations.outputTokens",
      "conversations.parentId",
      "conversations.readableId",
      "conversations.batchId",
      "conversations.parameters",
      "conversations.createdAt",
      "personas.key as personaKey",
      "personas.name as personaName",
      "personas.description as personaDescription",
      "emotional_arcs.key as arcKey",
      "emotional_arcs.name as arcName",
      "emotional_arcs.startEmotion as arcStartEmotion",
      "emotional_arcs.endEmotion as arcEndEmotion",
      "training_topics.key as topicKey",
      "training_topics.name as topicName",
      "edge_cases.key as edgeCaseKey",
      "edge_cases.name as edgeCaseName",
      "edge_cases.expectedBehavior as edgeCaseExpectedBehavior",
      "source_chunks.key as sourceChunkKey",
      "source_chunks.title as sourceChunkTitle",
      "source_chunks.id as sourceChunkId",
      "source_chunks.headingPath as sourceChunkHeadingPath",
      "source_documents.id as sourceDocumentId",
      "source_documents.title as sourceDocumentTitle",
    ])
    .select((eb) => [
      // Spelled out in SQL because CamelCasePlugin leaves the keys of nested JSON alone: aliases
      // inside a jsonArrayFrom would arrive snake_cased.
      sql<ExportTurnRow[]>`(
        select coalesce(json_agg(json_build_object(
          'turnNumber', t.turn_number, 'role', t.role, 'content', t.content,
          'emotion', t.emotion, 'phase', t.phase, 'techniques', t.techniques
        ) order by t.turn_number), '[]'::json)
        from conversation_turns t where t.conversation_id = ${eb.ref("conversations.id")}
      )`.as("turns"),
      eb
        .selectFrom("conversation_reviews")
        .select("conversation_reviews.notes")
        .whereRef("conversation_reviews.conversationId", "=", "conversations.id")
        .where("conversation_reviews.notes", "<>", "")
        .orderBy("conversation_reviews.createdAt", "desc")
        .limit(1)
        .as("reviewerNotes"),
    ])
    .where((eb) =>
      conversationFilterExpression(eb, options.workspaceId, exportFilters(options.filters)),
    )
    .orderBy("conversations.createdAt")
    .orderBy("conversations.id");

  for await (const row of query.stream(options.chunkSize ?? 100)) {
    yield {
      id: row.id,
      tier: row.tier,
      status: row.status,
      title: row.title,
      summary: row.summary,
      learningObjective: row.learningObjective,
      persona:
        row.personaKey !== null
          ? {
              key: row.personaKey,
              name: row.personaName ?? "",
              description: row.personaDescription ?? "",
            }
          : null,
      arc:
        row.arcKey !== null
          ? {
              key: row.arcKey,
              name: row.arcName ?? "",
              startEmotion: row.arcStartEmotion ?? "",
              endEmotion: row.arcEndEmotion ?? "",
            }
          : null,
      topic: row.topicKey !== null ? { key: row.topicKey, name: row.topicName ?? "" } : null,
      edgeCase:
        row.edgeCaseKey !== null
          ? {
              key: row.edgeCaseKey,
              name: row.edgeCaseName ?? "",
              expectedBehavior: row.edgeCaseExpectedBehavior ?? "",
            }
          : null,
      sourceChunk:
        row.sourceChunkKey !== null
          ? {
              key: row.sourceChunkKey,
              title: row.sourceChunkTitle ?? "",
              chunkId: row.sourceChunkId ?? "",
              documentId: row.sourceDocumentId,
              documentTitle: row.sourceDocumentTitle,
              headingPath: row.sourceChunkHeadingPath ?? [],
            }
          : null,
      turns: row.turns,
      qualityScore: row.qualityScore,
      qualityMetrics: row.qualityMetrics,
      qualityDimensions: row.qualityDimensions,
      isHumanEdited: row.isHumanEdited,
      simulated: row.simulated,
      model: row.model,
      costUsd: row.costUsd,
      inputTokens: row.inputTokens,
      outputTokens: row.outputTokens,
      parentId: row.parentId,
      readableId: row.readableId,
      batchId: row.batchId,
      parameters: row.parameters,
      createdAt: row.createdAt,
      reviewerNotes: row.reviewerNotes ?? null,
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

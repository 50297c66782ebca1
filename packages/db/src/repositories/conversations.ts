// Conversations and their turns: create (turns in the same transaction), read with turns,
// status and quality updates, review history, human edits of turns, archive. Nothing is
// deleted: a replaced or unwanted conversation is archived.
import { type Kysely, sql, type Transaction } from "kysely";
import {
  type ConversationStatus,
  REVIEW_ACTION_STATUS,
  type ReviewAction,
  type Tier,
  type TurnRole,
} from "../column-values.ts";
import { jsonb, jsonbOrNull } from "../jsonb.ts";
import { RepositoryError } from "../repository-error.ts";
import type {
  Conversation,
  ConversationReview,
  ConversationTurn,
  DB,
  TurnEdit,
  TurnEmotion,
} from "../schema.ts";
import { withTransaction } from "../transaction.ts";

export interface NewTurn {
  role: TurnRole;
  content: string;
  emotion?: TurnEmotion | null;
  /** e.g. "opening", "exploration", "guidance", "closing". */
  phase?: string | null;
  /** Assistant turns: the techniques used (validation, reframing, ...). */
  techniques?: string[];
  tokenCount?: number | null;
}

export interface ConversationFields {
  tier: Tier;
  /** Default `generated`. */
  status?: ConversationStatus;
  title?: string;
  summary?: string;
  learningObjective?: string | null;
  personaId?: string | null;
  arcId?: string | null;
  topicId?: string | null;
  edgeCaseId?: string | null;
  sourceChunkId?: string | null;
  promptTemplateId?: string | null;
  consultantProfileId?: string | null;
  parameters?: Record<string, unknown>;
  qualityScore?: number | null;
  qualityMetrics?: Record<string, unknown> | null;
  qualityDimensions?: Record<string, unknown> | null;
  duplicateOf?: string | null;
  /** Produced by the simulated provider: labelled as such everywhere. */
  simulated?: boolean;
  model?: string | null;
  inputTokens?: number;
  outputTokens?: number;
  cacheCreationTokens?: number;
  cacheReadTokens?: number;
  costUsd?: number;
  errorMessage?: string | null;
  createdBy?: string | null;
}

/** Where a conversation sits: its batch item, and the conversation it regenerates. */
interface ConversationPlacement {
  workspaceId: string;
  batchId?: string | null;
  batchItemId?: string | null;
  parentId?: string | null;
  version?: number;
}

/** Inserts a conversation and its turns (numbered from 1 in order) inside `trx`. */
export async function insertConversationWithTurns(
  trx: Transaction<DB>,
  placement: ConversationPlacement,
  fields: ConversationFields,
  turns: readonly NewTurn[],
): Promise<Conversation> {
  const conversation = await trx
    .insertInto("conversations")
    .values({
      workspaceId: placement.workspaceId,
      batchId: placement.batchId ?? null,
      batchItemId: placement.batchItemId ?? null,
      parentId: placement.parentId ?? null,
      version: placement.version ?? 1,
      status: fields.status ?? "generated",
      tier: fields.tier,
      title: fields.title ?? "",
      summary: fields.summary ?? "",
      learningObjective: fields.learningObjective ?? null,
      personaId: fields.personaId ?? null,
      arcId: fields.arcId ?? null,
      topicId: fields.topicId ?? null,
      edgeCaseId: fields.edgeCaseId ?? null,
      sourceChunkId: fields.sourceChunkId ?? null,
      promptTemplateId: fields.promptTemplateId ?? null,
      consultantProfileId: fields.consultantProfileId ?? null,
      parameters: jsonb(fields.parameters ?? {}),
      qualityScore: fields.qualityScore ?? null,
      qualityMetrics: jsonbOrNull(fields.qualityMetrics) ?? null,
      qualityDimensions: jsonbOrNull(fields.qualityDimensions) ?? null,
      duplicateOf: fields.duplicateOf ?? null,
      simulated: fields.simulated ?? false,
      model: fields.model ?? null,
      turnCount: turns.length,
      inputTokens: fields.inputTokens ?? 0,
      outputTokens: fields.outputTokens ?? 0,
      cacheCreationTokens: fields.cacheCreationTokens ?? 0,
      cacheReadTokens: fields.cacheReadTokens ?? 0,
      costUsd: fields.costUsd ?? 0,
      errorMessage: fields.errorMessage ?? null,
      createdBy: fields.createdBy ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (turns.length > 0) {
    await trx
      .insertInto("conversation_turns")
      .values(
        turns.map((turn, index) => ({
          conversationId: conversation.id,
          turnNumber: index + 1,
          role: turn.role,
          content: turn.content,
          emotion: jsonbOrNull(turn.emotion) ?? null,
          phase: turn.phase ?? null,
          techniques: jsonb(turn.techniques ?? []),
          tokenCount: turn.tokenCount ?? null,
        })),
      )
      .execute();
  }
  return conversation;
}

export interface CreateConversationOptions extends ConversationFields {
  workspaceId: string;
  turns: readonly NewTurn[];
  /** The conversation this one regenerates; the new one gets the next version number. */
  parentId?: string | null;
  /**
   * Archive the parent in the same transaction and take over its batch item, so the item
   * still has exactly one live conversation.
   */
  replaceParent?: boolean;
}

/** Creates a conversation outside a batch (single generation, regeneration, import). */
export async function createConversation(
  db: Kysely<DB>,
  options: CreateConversationOptions,
): Promise<Conversation> {
  return withTransaction(db, async (trx) => {
    const placement: ConversationPlacement = { workspaceId: options.workspaceId };
    if (options.parentId) {
      const parent = await trx
        .selectFrom("conversations")
        .selectAll()
        .where("workspaceId", "=", options.workspaceId)
        .where("id", "=", options.parentId)
        .forUpdate()
        .executeTakeFirst();
      if (!parent) {
        throw new RepositoryError("not_found", "The conversation to regenerate does not exist");
      }
      placement.parentId = parent.id;
      placement.version = parent.version + 1;
      if (options.replaceParent) {
        await trx
          .updateTable("conversations")
          .set({ status: "archived" })
          .where("id", "=", parent.id)
          .execute();
        placement.batchId = parent.batchId;
        placement.batchItemId = parent.batchItemId;
      }
    }
    const conversation = await insertConversationWithTurns(trx, placement, options, options.turns);
    if (placement.batchItemId) {
      await trx
        .updateTable("batch_items")
        .set({ conversationId: conversation.id })
        .where("id", "=", placement.batchItemId)
        .execute();
    }
    return conversation;
  });
}

export interface ScaffoldingRef {
  id: string;
  key: string;
  name: string;
}

export type ConversationDetail = Conversation & {
  turns: ConversationTurn[];
  persona: ScaffoldingRef | null;
  arc: ScaffoldingRef | null;
  topic: ScaffoldingRef | null;
  edgeCase: ScaffoldingRef | null;
  /** The prompt template version it was generated with, if any. */
  promptTemplate: (ScaffoldingRef & { version: number }) | null;
  reviews: ConversationReview[];
};

/** A conversation with its turns in order, what it was generated from, and its reviews. */
export async function findConversation(
  db: Kysely<DB>,
  options: { workspaceId: string; conversationId: string },
): Promise<ConversationDetail | undefined> {
  const conversation = await db
    .selectFrom("conversations")
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .where("id", "=", options.conversationId)
    .executeTakeFirst();
  if (!conversation) return undefined;

  const ref = (
    table: "personas" | "emotional_arcs" | "training_topics" | "edge_cases",
    id: string | null,
  ) =>
    id
      ? db
          .selectFrom(table)
          .select(["id", "key", "name"])
          .where("workspaceId", "=", options.workspaceId)
          .where("id", "=", id)
          .executeTakeFirst()
          .then((row) => row ?? null)
      : Promise.resolve(null);

  const [turns, persona, arc, topic, edgeCase, promptTemplate, reviews] = await Promise.all([
    db
      .selectFrom("conversation_turns")
      .selectAll()
      .where("conversationId", "=", conversation.id)
      .orderBy("turnNumber")
      .execute(),
    ref("personas", conversation.personaId),
    ref("emotional_arcs", conversation.arcId),
    ref("training_topics", conversation.topicId),
    ref("edge_cases", conversation.edgeCaseId),
    conversation.promptTemplateId
      ? db
          .selectFrom("prompt_templates")
          .select(["id", "key", "name", "version"])
          .where("workspaceId", "=", options.workspaceId)
          .where("id", "=", conversation.promptTemplateId)
          .executeTakeFirst()
          .then((row) => row ?? null)
      : Promise.resolve(null),
    listConversationReviews(db, options),
  ]);
  return { ...conversation, turns, persona, arc, topic, edgeCase, promptTemplate, reviews };
}

/** The regeneration chain a conversation belongs to, oldest version first. */
export async function listConversationVersions(
  db: Kysely<DB>,
  options: { workspaceId: string; conversationId: string },
): Promise<Conversation[]> {
  const result = await sql<Conversation>`
    with recursive ancestors as (
      select * from conversations where id = ${options.conversationId} and workspace_id = ${options.workspaceId}
      union all
      select c.* from conversations c join ancestors a on c.id = a.parent_id
    ),
    root as (select id from ancestors where parent_id is null limit 1),
    chain as (
      select c.* from conversations c where c.id = (select id from root)
      union all
      select c.* from conversations c join chain on c.parent_id = chain.id
    )
    select * from chain where workspace_id = ${options.workspaceId} order by version, created_at
  `.execute(db);
  return result.rows;
}

export interface UpdateConversationStatusOptions {
  workspaceId: string;
  conversationId: string;
  status: ConversationStatus;
}

/** A status change made by the system (generating → generated, …); reviews use reviewConversation. */
export function updateConversationStatus(
  db: Kysely<DB>,
  options: UpdateConversationStatusOptions,
): Promise<Conversation | undefined> {
  return db
    .updateTable("conversations")
    .set({ status: options.status })
    .where("workspaceId", "=", options.workspaceId)
    .where("id", "=", options.conversationId)
    .returningAll()
    .executeTakeFirst();
}

export interface UpdateConversationQualityOptions {
  workspaceId: string;
  conversationId: string;
  qualityScore: number | null;
  qualityMetrics: Record<string, unknown> | null;
  /** e.g. `pending_review` when the score is below the workspace threshold. */
  status?: ConversationStatus;
  duplicateOf?: string | null;
}

export function updateConversationQuality(
  db: Kysely<DB>,
  options: UpdateConversationQualityOptions,
): Promise<Conversation | undefined> {
  return db
    .updateTable("conversations")
    .set({
      qualityScore: options.qualityScore,
      qualityMetrics: jsonbOrNull(options.qualityMetrics) ?? null,
      ...(options.status ? { status: options.status } : {}),
      ...(options.duplicateOf !== undefined ? { duplicateOf: options.duplicateOf } : {}),
    })
    .where("workspaceId", "=", options.workspaceId)
    .where("id", "=", options.conversationId)
    .returningAll()
    .executeTakeFirst();
}

/** Archives a conversation (its batch item may then get a new live one). */
export async function archiveConversation(
  db: Kysely<DB>,
  options: { workspaceId: string; conversationId: string },
): Promise<Conversation | undefined> {
  return updateConversationStatus(db, { ...options, status: "archived" });
}

export interface ReviewConversationOptions {
  workspaceId: string;
  conversationId: string;
  action: ReviewAction;
  notes?: string;
  reviewerId?: string | null;
}

/** Records a review and applies the status it implies, in one transaction. */
export async function reviewConversation(
  db: Kysely<DB>,
  options: ReviewConversationOptions,
): Promise<{ conversation: Conversation; review: ConversationReview }> {
  return withTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom("conversations")
      .selectAll()
      .where("workspaceId", "=", options.workspaceId)
      .where("id", "=", options.conversationId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw new RepositoryError("not_found", "The conversation does not exist");
    if (current.status === "archived" && options.action !== "comment") {
      throw new RepositoryError(
        "invalid_transition",
        "An archived conversation cannot be reviewed",
      );
    }
    const newStatus = REVIEW_ACTION_STATUS[options.action];
    const review = await trx
      .insertInto("conversation_reviews")
      .values({
        workspaceId: options.workspaceId,
        conversationId: current.id,
        action: options.action,
        previousStatus: current.status,
        newStatus: newStatus ?? current.status,
        notes: options.notes ?? "",
        reviewerId: options.reviewerId ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const conversation = newStatus
      ? await trx
          .updateTable("conversations")
          .set({ status: newStatus })
          .where("id", "=", current.id)
          .returningAll()
          .executeTakeFirstOrThrow()
      : current;
    return { conversation, review };
  });
}

export function listConversationReviews(
  db: Kysely<DB>,
  options: { workspaceId: string; conversationId: string },
): Promise<ConversationReview[]> {
  return db
    .selectFrom("conversation_reviews")
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .where("conversationId", "=", options.conversationId)
    .orderBy("createdAt")
    .orderBy("id")
    .execute();
}

export interface EditTurnOptions {
  workspaceId: string;
  conversationId: string;
  turnNumber: number;
  /** Unset: the text stays as it is. */
  content?: string;
  /** Unset: the emotion stays as it is; null removes it. */
  emotion?: TurnEmotion | null;
  editorId?: string | null;
}

function sameEmotion(a: TurnEmotion | null, b: TurnEmotion | null): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * Replaces a turn's text and/or emotion, keeping what it was in turn_edits, and marks the
 * conversation as human-edited (exports say so). An edit that changes nothing records nothing.
 */
export async function editConversationTurn(
  db: Kysely<DB>,
  options: EditTurnOptions,
): Promise<ConversationTurn> {
  return withTransaction(db, async (trx) => {
    const turn = await trx
      .selectFrom("conversation_turns")
      .innerJoin("conversations", "conversations.id", "conversation_turns.conversationId")
      .selectAll("conversation_turns")
      .select("conversations.status as conversationStatus")
      .where("conversations.workspaceId", "=", options.workspaceId)
      .where("conversations.id", "=", options.conversationId)
      .where("conversation_turns.turnNumber", "=", options.turnNumber)
      .forUpdate()
      .executeTakeFirst();
    if (!turn) throw new RepositoryError("not_found", `Turn ${options.turnNumber} does not exist`);
    const { conversationStatus: status, ...current } = turn;
    if (status === "archived") {
      throw new RepositoryError(
        "invalid_transition",
        "An archived conversation cannot be edited; edit its newest version instead",
      );
    }
    const content = options.content ?? current.content;
    if (content.trim() === "") {
      throw new RepositoryError("invalid_input", "A turn cannot be empty");
    }
    const emotion = options.emotion === undefined ? current.emotion : options.emotion;
    const emotionChanged = !sameEmotion(current.emotion, emotion);
    if (content === current.content && !emotionChanged) return current;

    await trx
      .insertInto("turn_edits")
      .values({
        workspaceId: options.workspaceId,
        conversationId: options.conversationId,
        turnId: current.id,
        turnNumber: current.turnNumber,
        previousContent: current.content,
        newContent: content,
        previousEmotion: emotionChanged ? (jsonbOrNull(current.emotion) ?? null) : null,
        newEmotion: emotionChanged ? (jsonbOrNull(emotion) ?? null) : null,
        editorId: options.editorId ?? null,
      })
      .execute();
    await trx
      .updateTable("conversations")
      .set({ isHumanEdited: true })
      .where("id", "=", options.conversationId)
      .execute();
    return trx
      .updateTable("conversation_turns")
      .set({ content, emotion: jsonbOrNull(emotion) ?? null })
      .where("id", "=", current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export function listTurnEdits(
  db: Kysely<DB>,
  options: { workspaceId: string; conversationId: string },
): Promise<TurnEdit[]> {
  return db
    .selectFrom("turn_edits")
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .where("conversationId", "=", options.conversationId)
    .orderBy("createdAt")
    .orderBy("id")
    .execute();
}

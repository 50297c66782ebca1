// Single-generation drafts: the request (queued), the worker's claim (running), its result or
// error, and saving a result as a conversation (saved). Every step is conditional on the status
// it expects, so a job that runs twice, or two save clicks, change nothing the second time.
import type { Kysely } from "kysely";
import { jsonb } from "../jsonb.ts";
import { RepositoryError } from "../repository-error.ts";
import type { Conversation, DB, GenerationDraft } from "../schema.ts";
import { withTransaction } from "../transaction.ts";
import {
  type ConversationFields,
  insertConversationWithTurns,
  type NewTurn,
} from "./conversations.ts";

type DraftRef = { workspaceId: string; draftId: string };

export function createGenerationDraft(
  db: Kysely<DB>,
  options: { workspaceId: string; input: Record<string, unknown>; createdBy?: string | null },
): Promise<GenerationDraft> {
  return db
    .insertInto("generation_drafts")
    .values({
      workspaceId: options.workspaceId,
      input: jsonb(options.input),
      createdBy: options.createdBy ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findGenerationDraft(
  db: Kysely<DB>,
  options: DraftRef,
): Promise<GenerationDraft | undefined> {
  return db
    .selectFrom("generation_drafts")
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .where("id", "=", options.draftId)
    .executeTakeFirst();
}

/**
 * Takes a queued draft, or one left running by a job that is no longer running (pg-boss hands a
 * job to one worker at a time, so a redelivered job may take it over). Undefined when the draft
 * is finished or gone.
 */
export function claimGenerationDraft(
  db: Kysely<DB>,
  options: DraftRef,
): Promise<GenerationDraft | undefined> {
  return db
    .updateTable("generation_drafts")
    .set((eb) => ({
      status: "running",
      attempts: eb("attempts", "+", 1),
      startedAt: new Date(),
      error: null,
      errorCode: null,
    }))
    .where("workspaceId", "=", options.workspaceId)
    .where("id", "=", options.draftId)
    .where("status", "in", ["queued", "running"])
    .returningAll()
    .executeTakeFirst();
}

/** Stores the result of a running draft. */
export function completeGenerationDraft(
  db: Kysely<DB>,
  options: DraftRef & { result: Record<string, unknown> },
): Promise<GenerationDraft | undefined> {
  return db
    .updateTable("generation_drafts")
    .set({ status: "succeeded", result: jsonb(options.result), finishedAt: new Date() })
    .where("workspaceId", "=", options.workspaceId)
    .where("id", "=", options.draftId)
    .where("status", "=", "running")
    .returningAll()
    .executeTakeFirst();
}

/** `requeue`: the job will run again (a retryable error); otherwise the draft has failed. */
export function failGenerationDraft(
  db: Kysely<DB>,
  options: DraftRef & { error: string; errorCode: string; requeue?: boolean },
): Promise<GenerationDraft | undefined> {
  return db
    .updateTable("generation_drafts")
    .set({
      status: options.requeue ? "queued" : "failed",
      error: options.error,
      errorCode: options.errorCode,
      finishedAt: options.requeue ? null : new Date(),
    })
    .where("workspaceId", "=", options.workspaceId)
    .where("id", "=", options.draftId)
    .where("status", "in", ["queued", "running"])
    .returningAll()
    .executeTakeFirst();
}

export type SavedDraftConversation = ConversationFields & { turns: readonly NewTurn[] };

/**
 * Stores a succeeded draft's conversation and marks the draft saved, in one transaction. Saving
 * a saved draft again returns the conversation it already made.
 */
export async function saveGenerationDraft(
  db: Kysely<DB>,
  options: DraftRef & { conversation: (draft: GenerationDraft) => SavedDraftConversation },
): Promise<{ draft: GenerationDraft; conversation: Conversation }> {
  return withTransaction(db, async (trx) => {
    const draft = await trx
      .selectFrom("generation_drafts")
      .selectAll()
      .where("workspaceId", "=", options.workspaceId)
      .where("id", "=", options.draftId)
      .forUpdate()
      .executeTakeFirst();
    if (!draft) throw new RepositoryError("not_found", "The draft does not exist");
    if (draft.status === "saved" && draft.conversationId) {
      const conversation = await trx
        .selectFrom("conversations")
        .selectAll()
        .where("id", "=", draft.conversationId)
        .executeTakeFirstOrThrow();
      return { draft, conversation };
    }
    if (draft.status !== "succeeded") {
      throw new RepositoryError(
        "invalid_transition",
        draft.status === "failed"
          ? "This generation failed, so there is nothing to save: generate again."
          : "This generation has not finished yet.",
      );
    }
    const { turns, ...fields } = options.conversation(draft);
    const conversation = await insertConversationWithTurns(
      trx,
      { workspaceId: options.workspaceId },
      fields,
      turns,
    );
    const saved = await trx
      .updateTable("generation_drafts")
      .set({ status: "saved", conversationId: conversation.id })
      .where("id", "=", draft.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { draft: saved, conversation };
  });
}

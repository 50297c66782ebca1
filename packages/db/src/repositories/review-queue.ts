// The review queue: which conversations await a human decision, and the same decision applied
// to many at once. A bulk review is one statement over the filter (no ids leave the database),
// with one conversation_reviews row per conversation it changed, like single reviews.
import type { Kysely } from "kysely";
import {
  type ConversationStatus,
  REVIEW_ACTION_STATUS,
  type ReviewAction,
} from "../column-values.ts";
import { RepositoryError } from "../repository-error.ts";
import type { DB } from "../schema.ts";
import { withTransaction } from "../transaction.ts";
import { type ConversationFilters, conversationFilterExpression } from "./conversation-filters.ts";

/**
 * Generated (scored above the threshold but not yet looked at), pending review (scored below
 * it) and needs revision (sent back by a reviewer): none of them is approved or rejected yet.
 */
export const REVIEW_QUEUE_STATUSES = [
  "pending_review",
  "needs_revision",
  "generated",
] as const satisfies readonly ConversationStatus[];

export interface ReviewConversationsOptions {
  workspaceId: string;
  /** Which conversations; archived ones are never touched. */
  filters: ConversationFilters;
  /** approve, reject or needs_revision. */
  action: Exclude<ReviewAction, "comment">;
  notes?: string;
  reviewerId?: string | null;
}

export interface ReviewConversationsResult {
  /** Conversations whose status changed (those already in the target status are left alone). */
  reviewed: number;
}

export async function reviewConversations(
  db: Kysely<DB>,
  options: ReviewConversationsOptions,
): Promise<ReviewConversationsResult> {
  const newStatus = REVIEW_ACTION_STATUS[options.action];
  if (!newStatus) throw new RepositoryError("invalid_input", "Choose approve, reject or revise");
  if (options.filters.statuses?.includes("archived")) {
    throw new RepositoryError("invalid_transition", "Archived conversations cannot be reviewed");
  }
  return withTransaction(db, async (trx) => {
    const rows = await trx
      .with("target", (qb) =>
        qb
          .selectFrom("conversations")
          .select(["conversations.id", "conversations.status"])
          .where((eb) => conversationFilterExpression(eb, options.workspaceId, options.filters))
          .where("conversations.status", "<>", "archived")
          .where("conversations.status", "<>", newStatus)
          .forUpdate(),
      )
      .with("changed", (qb) =>
        qb
          .updateTable("conversations")
          .from("target")
          .set({ status: newStatus })
          .whereRef("conversations.id", "=", "target.id")
          .returning(["conversations.id as id", "target.status as previousStatus"]),
      )
      .insertInto("conversation_reviews")
      .columns([
        "workspaceId",
        "conversationId",
        "action",
        "previousStatus",
        "newStatus",
        "notes",
        "reviewerId",
      ])
      .expression((eb) =>
        eb
          .selectFrom("changed")
          .select((inner) => [
            inner.val(options.workspaceId).as("workspaceId"),
            "changed.id",
            inner.val(options.action).as("action"),
            "changed.previousStatus",
            inner.val(newStatus).as("newStatus"),
            inner.val(options.notes ?? "").as("notes"),
            inner.val(options.reviewerId ?? null).as("reviewerId"),
          ]),
      )
      .returning("conversationId")
      .execute();
    return { reviewed: rows.length };
  });
}

// Archiving conversations by hand and restoring them. Nothing is deleted: archiving sets the
// status to `archived` (every live-rows query leaves it out: lists, review, dashboard, exports)
// and records who did it, when, and the status a restore gives back.
import type { Kysely } from "kysely";
import type { ConversationStatus } from "../column-values.ts";
import { isUniqueViolation } from "../postgres-errors.ts";
import { RepositoryError } from "../repository-error.ts";
import type { DB } from "../schema.ts";
import { type ConversationFilters, conversationFilterExpression } from "./conversation-filters.ts";

export interface ArchiveConversationsOptions {
  workspaceId: string;
  userId: string | null;
  /** These conversations (ids of another workspace, or already archived, are skipped)… */
  conversationIds?: readonly string[];
  /** …or every live conversation these filters match (the list page's "Archive these"). */
  filters?: ConversationFilters;
}

/** Archives the live conversations asked for; returns the ids it archived. */
export async function archiveConversations(
  db: Kysely<DB>,
  options: ArchiveConversationsOptions,
): Promise<string[]> {
  if (options.conversationIds === undefined && options.filters === undefined) {
    throw new RepositoryError("invalid_input", "Say which conversations to archive");
  }
  const filters: ConversationFilters = {
    ...(options.filters ?? {}),
    ...(options.conversationIds !== undefined ? { ids: options.conversationIds } : {}),
    archivedByHand: false,
    // Only live rows: an archived version of a regeneration is already out of every list.
    statuses: (options.filters?.statuses ?? []).filter((status) => status !== "archived"),
  };
  const rows = await db
    .updateTable("conversations")
    .set((eb) => ({
      archivedFromStatus: eb.ref("conversations.status"),
      status: "archived",
      archivedAt: new Date(),
      archivedBy: options.userId,
    }))
    .where((eb) => conversationFilterExpression(eb, options.workspaceId, filters))
    .returning("conversations.id")
    .execute();
  return rows.map((row) => row.id);
}

/** Gives conversations archived by hand their status back; returns the ids it restored. */
export async function restoreConversations(
  db: Kysely<DB>,
  options: { workspaceId: string; userId: string | null; conversationIds: readonly string[] },
): Promise<string[]> {
  if (options.conversationIds.length === 0) return [];
  try {
    const rows = await db
      .updateTable("conversations")
      .set((eb) => ({
        // Never null while archived by hand (a check constraint holds it).
        status: eb.fn.coalesce(
          "conversations.archivedFromStatus",
          eb.val<ConversationStatus>("generated"),
        ),
        archivedFromStatus: null,
        archivedAt: null,
        archivedBy: null,
        restoredAt: new Date(),
        restoredBy: options.userId,
      }))
      .where("workspaceId", "=", options.workspaceId)
      .where("id", "in", options.conversationIds)
      .where("archivedAt", "is not", null)
      .returning("id")
      .execute();
    return rows.map((row) => row.id);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new RepositoryError(
        "invalid_transition",
        "A newer live version of one of these conversations exists (it was regenerated while archived), so it cannot come back beside it; open the newer version instead",
      );
    }
    throw error;
  }
}

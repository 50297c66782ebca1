// Regenerations in flight: a regeneration is a one-item batch whose item names the conversation
// it replaces in `parameters.regenerationOf` (completeItem links and archives on success).
import { type Kysely, sql } from "kysely";
import type { BatchItemStatus } from "../column-values.ts";
import type { DB } from "../schema.ts";

export interface Regeneration {
  batchId: string;
  itemId: string;
  status: BatchItemStatus;
  error: string | null;
  /** The replacement, once it has been generated. */
  conversationId: string | null;
  note: string;
  requestedAt: Date;
}

/** The newest regeneration asked for this conversation, finished or not. */
export async function findLatestRegeneration(
  db: Kysely<DB>,
  options: { workspaceId: string; conversationId: string },
): Promise<Regeneration | undefined> {
  const row = await db
    .selectFrom("batch_items")
    .select([
      "batch_id",
      "id",
      "status",
      "last_error",
      "conversation_id",
      "created_at",
      sql<string | null>`parameters ->> 'note'`.as("note"),
    ])
    .where("workspace_id", "=", options.workspaceId)
    .where(sql<boolean>`parameters ? 'regenerationOf'`)
    .where(sql<string>`parameters ->> 'regenerationOf'`, "=", options.conversationId)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    batchId: row.batch_id,
    itemId: row.id,
    status: row.status,
    error: row.last_error,
    conversationId: row.conversation_id,
    note: row.note ?? "",
    requestedAt: row.created_at,
  };
}

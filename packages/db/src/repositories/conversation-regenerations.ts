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
      "batchId",
      "id",
      "status",
      "lastError",
      "conversationId",
      "createdAt",
      sql<string | null>`parameters ->> 'note'`.as("note"),
    ])
    .where("workspaceId", "=", options.workspaceId)
    .where(sql<boolean>`parameters ? 'regenerationOf'`)
    .where(sql<string>`parameters ->> 'regenerationOf'`, "=", options.conversationId)
    .orderBy("createdAt", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    batchId: row.batchId,
    itemId: row.id,
    status: row.status,
    error: row.lastError,
    conversationId: row.conversationId,
    note: row.note ?? "",
    requestedAt: row.createdAt,
  };
}

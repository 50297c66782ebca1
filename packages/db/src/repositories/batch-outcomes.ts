// How a finished batch ended, for the workspace notifications: its counts, and for a
// regeneration (a one-item batch replacing a conversation) the conversation it produced.
import { type Kysely, sql } from "kysely";
import type { BatchStatus } from "../column-values.ts";
import type { DB } from "../schema.ts";

export interface BatchOutcome {
  batchId: string;
  name: string;
  status: BatchStatus;
  completedAt: Date;
  total: number;
  succeeded: number;
  failed: number;
  /** Set for a regeneration batch. */
  regeneration: {
    /** The conversation it replaces. */
    regenerationOf: string;
    /** The new version; null unless it succeeded. */
    conversationId: string | null;
    readableId: string | null;
    title: string | null;
  } | null;
}

const FINISHED: BatchStatus[] = ["completed", "failed", "cancelled"];

/**
 * The batch's outcome if it belongs to the workspace and finished after `since` (exclusive when
 * `sinceExclusive`), else undefined: a running batch, another workspace's, or a draft's id.
 */
export async function findBatchOutcome(
  db: Kysely<DB>,
  options: { workspaceId: string; batchId: string; since: Date; sinceExclusive?: boolean },
): Promise<BatchOutcome | undefined> {
  const batch = await db
    .selectFrom("batch_jobs")
    .select(["id", "name", "status", "completedAt", "totalItems", "succeededItems", "failedItems"])
    .where("workspaceId", "=", options.workspaceId)
    .where("id", "=", options.batchId)
    .where("status", "in", FINISHED)
    .where("completedAt", options.sinceExclusive ? ">" : ">=", options.since)
    .executeTakeFirst();
  if (!batch?.completedAt) return undefined;
  const item = await db
    .selectFrom("batch_items")
    .leftJoin("conversations", "conversations.id", "batch_items.conversationId")
    .select([
      sql<string>`batch_items.parameters ->> 'regenerationOf'`.as("regenerationOf"),
      "batch_items.status",
      "conversations.id as conversationId",
      "conversations.readableId",
      "conversations.title",
    ])
    .where("batch_items.batchId", "=", batch.id)
    .where(sql<boolean>`batch_items.parameters ? 'regenerationOf'`)
    .limit(1)
    .executeTakeFirst();
  return {
    batchId: batch.id,
    name: batch.name,
    status: batch.status,
    completedAt: batch.completedAt,
    total: batch.totalItems,
    succeeded: batch.succeededItems,
    failed: batch.failedItems,
    regeneration: item
      ? {
          regenerationOf: item.regenerationOf,
          conversationId: item.status === "succeeded" ? item.conversationId : null,
          readableId: item.status === "succeeded" ? item.readableId : null,
          title: item.status === "succeeded" ? item.title : null,
        }
      : null,
  };
}

/** Batches of the workspace that finished after `since`, oldest first (a reconnect's catch-up). */
export async function listBatchesFinishedSince(
  db: Kysely<DB>,
  options: { workspaceId: string; since: Date; limit: number },
): Promise<string[]> {
  const rows = await db
    .selectFrom("batch_jobs")
    .select("id")
    .where("workspaceId", "=", options.workspaceId)
    .where("status", "in", FINISHED)
    .where("completedAt", ">", options.since)
    .orderBy("completedAt")
    .limit(options.limit)
    .execute();
  return rows.map((row) => row.id);
}

/** The database's clock, which stamps completedAt (the web server's may differ). */
export async function databaseNow(db: Kysely<DB>): Promise<Date> {
  const { now } = await sql<{ now: Date }>`select now() as now`
    .execute(db)
    .then((r) => r.rows[0] ?? { now: new Date() });
  return now;
}

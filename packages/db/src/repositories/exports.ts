// Dataset export records: requested (queued), running with progress, then completed with the
// file's size, checksum and location, or failed with a reason.
import { type Kysely, sql } from "kysely";
import type { ExportFormatId, ExportStatus } from "../column-values.ts";
import { jsonb } from "../jsonb.ts";
import { newestFirstPage, selectNewestFirst } from "../keyset-cursor.ts";
import type { DB, Export } from "../schema.ts";
import type { ConversationFilters } from "./conversation-filters.ts";

export interface CreateExportOptions {
  workspaceId: string;
  format: ExportFormatId;
  name?: string;
  filters?: ConversationFilters;
  /** Format and packaging options (system message, zip/tar.gz, HuggingFace repo, …). */
  options?: Record<string, unknown>;
  createdBy?: string | null;
}

export function createExport(db: Kysely<DB>, options: CreateExportOptions): Promise<Export> {
  return db
    .insertInto("exports")
    .values({
      workspaceId: options.workspaceId,
      format: options.format,
      name: options.name ?? "",
      filters: jsonb(options.filters ?? {}),
      options: jsonb(options.options ?? {}),
      createdBy: options.createdBy ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findExport(
  db: Kysely<DB>,
  options: { workspaceId: string; exportId: string },
): Promise<Export | undefined> {
  return db
    .selectFrom("exports")
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .where("id", "=", options.exportId)
    .executeTakeFirst();
}

/** Newest first, keyset-paginated. */
export async function listExports(
  db: Kysely<DB>,
  options: {
    workspaceId: string;
    statuses?: readonly ExportStatus[];
    limit?: number;
    cursor?: string | null;
  },
): Promise<{ exports: Export[]; nextCursor: string | null }> {
  const limit = options.limit ?? 50;
  const rows = await db
    .selectFrom("exports")
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .$if(Boolean(options.statuses?.length), (qb) =>
      qb.where("status", "in", options.statuses ?? []),
    )
    .$call((qb) => selectNewestFirst(qb, { cursor: options.cursor, limit }))
    .execute();
  const page = newestFirstPage(rows, limit);
  return { exports: page.rows, nextCursor: page.nextCursor };
}

/** queued → running (a re-delivered job finds it running and carries on). */
export function markExportRunning(
  db: Kysely<DB>,
  options: { workspaceId: string; exportId: string },
): Promise<Export | undefined> {
  return db
    .updateTable("exports")
    .set({ status: "running", startedAt: sql<Date>`coalesce(started_at, now())`, error: null })
    .where("workspaceId", "=", options.workspaceId)
    .where("id", "=", options.exportId)
    .where("status", "in", ["queued", "running"])
    .returningAll()
    .executeTakeFirst();
}

/** Progress is 0–1; rows written so far optional. Only while running. */
export function updateExportProgress(
  db: Kysely<DB>,
  options: { workspaceId: string; exportId: string; progress: number; rowCount?: number },
): Promise<Export | undefined> {
  return db
    .updateTable("exports")
    .set({
      progress: Math.min(Math.max(options.progress, 0), 1),
      ...(options.rowCount !== undefined ? { rowCount: options.rowCount } : {}),
    })
    .where("workspaceId", "=", options.workspaceId)
    .where("id", "=", options.exportId)
    .where("status", "=", "running")
    .returningAll()
    .executeTakeFirst();
}

export interface CompleteExportOptions {
  workspaceId: string;
  exportId: string;
  rowCount: number;
  bytes: number;
  /** Lowercase hex SHA-256 of the produced file or archive. */
  sha256: string;
  /** Where the file is (a path under exports/, or a HuggingFace URL). */
  location: string;
  /** Whether any exported conversation came from the simulated provider. */
  includesSimulated: boolean;
  /** When the package was pushed to the HuggingFace Hub: the repository URL and the commit. */
  hubUrl?: string | null;
  hubCommit?: string | null;
  /** What the filters matched and left out, and why. */
  selection?: { matched: number; written: number; leftOut: { reason: string; count: number }[] };
}

export function completeExport(
  db: Kysely<DB>,
  options: CompleteExportOptions,
): Promise<Export | undefined> {
  return db
    .updateTable("exports")
    .set({
      status: "completed",
      progress: 1,
      rowCount: options.rowCount,
      bytes: options.bytes,
      sha256: options.sha256,
      location: options.location,
      includesSimulated: options.includesSimulated,
      hubUrl: options.hubUrl ?? null,
      hubCommit: options.hubCommit ?? null,
      ...(options.selection ? { selection: jsonb(options.selection) } : {}),
      error: null,
      completedAt: sql<Date>`now()`,
    })
    .where("workspaceId", "=", options.workspaceId)
    .where("id", "=", options.exportId)
    .where("status", "in", ["queued", "running"])
    .returningAll()
    .executeTakeFirst();
}

export function failExport(
  db: Kysely<DB>,
  options: { workspaceId: string; exportId: string; error: string },
): Promise<Export | undefined> {
  return db
    .updateTable("exports")
    .set({ status: "failed", error: options.error, completedAt: sql<Date>`now()` })
    .where("workspaceId", "=", options.workspaceId)
    .where("id", "=", options.exportId)
    .where("status", "in", ["queued", "running"])
    .returningAll()
    .executeTakeFirst();
}

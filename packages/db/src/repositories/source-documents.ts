// Uploaded source documents and the chunks cut from them. A document and its chunks are stored
// in one transaction, so a failed upload leaves nothing behind; chunks stay ordinary source
// chunks (editable, retirable) that also know their document, heading path and order.
import { type Kysely, sql } from "kysely";
import { jsonb } from "../jsonb.ts";
import { isUniqueViolation } from "../postgres-errors.ts";
import { RepositoryError } from "../repository-error.ts";
import type { DB, SourceChunk, SourceDocument, SourceDocumentKind } from "../schema.ts";
import { withTransaction } from "../transaction.ts";

export interface NewDocumentChunk {
  title: string;
  content: string;
  headingPath: string[];
}

export interface CreateSourceDocumentOptions {
  workspaceId: string;
  createdBy: string | null;
  title: string;
  fileName: string;
  kind: SourceDocumentKind;
  mimeType: string;
  byteSize: number;
  sha256: string;
  originalText: string;
  maxTokens: number;
  overlapTokens: number;
  /** In document order; positions are assigned from it. */
  chunks: readonly NewDocumentChunk[];
}

export type SourceDocumentSummary = Omit<SourceDocument, "originalText"> & {
  /** Chunks offered for new work (not retired). */
  chunkCount: number;
  /** Conversations whose scenario context is one of its chunks (archived ones included). */
  conversationCount: number;
};

/** A chunk's key: the document's id and its position, unique in the workspace and stable. */
function chunkKey(documentId: string, position: number): string {
  return `doc-${documentId}-${String(position + 1).padStart(3, "0")}`;
}

export async function createSourceDocument(
  db: Kysely<DB>,
  options: CreateSourceDocumentOptions,
): Promise<{ document: SourceDocument; chunks: SourceChunk[] }> {
  if (options.chunks.length === 0) {
    throw new RepositoryError("invalid_input", "Keep at least one chunk to save the document.");
  }
  try {
    return await withTransaction(db, async (trx) => {
      const { chunks, ...fields } = options;
      const document = await trx
        .insertInto("source_documents")
        .values(fields)
        .returningAll()
        .executeTakeFirstOrThrow();
      const stored = await trx
        .insertInto("source_chunks")
        .values(
          chunks.map((chunk, position) => ({
            workspaceId: options.workspaceId,
            key: chunkKey(document.id, position),
            title: chunk.title,
            content: chunk.content,
            sourceDocument: document.title.slice(0, 300),
            sourceSection: chunk.headingPath.join(" › ").slice(0, 300),
            headingPath: jsonb(chunk.headingPath),
            documentId: document.id,
            position,
          })),
        )
        .returningAll()
        .execute();
      return { document, chunks: stored.sort((a, b) => (a.position ?? 0) - (b.position ?? 0)) };
    });
  } catch (error) {
    if (isUniqueViolation(error, "source_documents_workspace_id_sha256_key")) {
      const existing = await db
        .selectFrom("source_documents")
        .select("title")
        .where("workspaceId", "=", options.workspaceId)
        .where("sha256", "=", options.sha256)
        .executeTakeFirst();
      throw new RepositoryError(
        "invalid_input",
        `This file is already uploaded as "${existing?.title ?? options.title}": delete that document first to upload it again with other settings.`,
      );
    }
    throw error;
  }
}

export function listSourceDocuments(
  db: Kysely<DB>,
  options: { workspaceId: string },
): Promise<SourceDocumentSummary[]> {
  return db
    .selectFrom("source_documents")
    .select([
      "id",
      "workspaceId",
      "title",
      "fileName",
      "kind",
      "mimeType",
      "byteSize",
      "sha256",
      "maxTokens",
      "overlapTokens",
      "createdBy",
      "createdAt",
      "updatedAt",
    ])
    .select((eb) => [
      eb
        .selectFrom("source_chunks")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("source_chunks.documentId", "=", "source_documents.id")
        .where("source_chunks.retiredAt", "is", null)
        .as("chunkCount"),
      eb
        .selectFrom("conversations")
        .innerJoin("source_chunks", "source_chunks.id", "conversations.sourceChunkId")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("source_chunks.documentId", "=", "source_documents.id")
        .as("conversationCount"),
    ])
    .where("workspaceId", "=", options.workspaceId)
    .orderBy("createdAt", "desc")
    .orderBy("id")
    .execute() as Promise<SourceDocumentSummary[]>;
}

export function findSourceDocument(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string },
): Promise<SourceDocument | undefined> {
  return db
    .selectFrom("source_documents")
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .where("id", "=", options.id)
    .executeTakeFirst();
}

export function listDocumentChunks(
  db: Kysely<DB>,
  options: { workspaceId: string; documentId: string; includeRetired?: boolean },
): Promise<SourceChunk[]> {
  return db
    .selectFrom("source_chunks")
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .where("documentId", "=", options.documentId)
    .$if(!options.includeRetired, (qb) => qb.where("retiredAt", "is", null))
    .orderBy("position")
    .orderBy("id")
    .execute();
}

/**
 * Deletes a document with its chunks, unless a conversation or batch item used one of them:
 * that history must keep its context, so the user is told to retire the chunks instead.
 */
export async function deleteSourceDocument(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string },
): Promise<void> {
  await withTransaction(db, async (trx) => {
    const document = await trx
      .selectFrom("source_documents")
      .select(["id", "title"])
      .where("workspaceId", "=", options.workspaceId)
      .where("id", "=", options.id)
      .forUpdate()
      .executeTakeFirst();
    if (!document) throw new RepositoryError("not_found", "This document was not found.");
    const chunkIds = trx
      .selectFrom("source_chunks")
      .select("id")
      .where("documentId", "=", document.id);
    const used = await trx
      .selectNoFrom((eb) => [
        eb
          .selectFrom("conversations")
          .select(sql<number>`count(*)::int`.as("n"))
          .where("sourceChunkId", "in", chunkIds)
          .as("conversations"),
        eb
          .selectFrom("batch_items")
          .select(sql<number>`count(*)::int`.as("n"))
          .where("sourceChunkId", "in", chunkIds)
          .as("items"),
      ])
      .executeTakeFirstOrThrow();
    if ((used.conversations ?? 0) > 0 || (used.items ?? 0) > 0) {
      throw new RepositoryError(
        "invalid_input",
        `"${document.title}" gave context to ${used.conversations ?? 0} conversation(s) and ${used.items ?? 0} batch item(s), so it is kept: retire its chunks instead to stop new conversations from using them.`,
      );
    }
    await trx.deleteFrom("source_documents").where("id", "=", document.id).execute();
  });
}

export interface ConversationSource {
  chunkId: string;
  chunkTitle: string;
  content: string;
  headingPath: string[];
  /** Null for a chunk typed in by hand; `documentTitle` then is the title typed with it. */
  documentId: string | null;
  documentTitle: string;
  retired: boolean;
}

/** The chunk a scenario conversation was written from, with its document; null without one. */
export async function findConversationSource(
  db: Kysely<DB>,
  options: { workspaceId: string; conversationId: string },
): Promise<ConversationSource | null> {
  const row = await db
    .selectFrom("conversations")
    .innerJoin("source_chunks", "source_chunks.id", "conversations.sourceChunkId")
    .leftJoin("source_documents", "source_documents.id", "source_chunks.documentId")
    .select([
      "source_chunks.id as chunkId",
      "source_chunks.title as chunkTitle",
      "source_chunks.content",
      "source_chunks.headingPath",
      "source_chunks.sourceDocument",
      "source_chunks.retiredAt",
      "source_documents.id as documentId",
      "source_documents.title as documentTitle",
    ])
    .where("conversations.workspaceId", "=", options.workspaceId)
    .where("conversations.id", "=", options.conversationId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    chunkId: row.chunkId,
    chunkTitle: row.chunkTitle,
    content: row.content,
    headingPath: row.headingPath,
    documentId: row.documentId,
    documentTitle: row.documentTitle ?? row.sourceDocument,
    retired: row.retiredAt !== null,
  };
}

// Source chunks: document excerpts that give scenario-tier conversations their context.
import type { Kysely } from "kysely";
import { jsonb } from "../jsonb.ts";
import type { DB, SourceChunk } from "../schema.ts";
import {
  definedOnly,
  findScaffolding,
  findScaffoldingByKey,
  type ListScaffoldingOptions,
  listScaffolding,
  restoreScaffolding,
  retireScaffolding,
  updateScaffolding,
} from "./scaffolding-table.ts";

export interface SourceChunkFields {
  title: string;
  content: string;
  /** The document the excerpt comes from, e.g. "Client guide: emergency funds". */
  sourceDocument?: string;
  sourceSection?: string;
  topicId?: string | null;
  metadata?: Record<string, unknown>;
}

function chunkColumns(fields: Partial<SourceChunkFields>) {
  return definedOnly({
    title: fields.title,
    content: fields.content,
    sourceDocument: fields.sourceDocument,
    sourceSection: fields.sourceSection,
    topicId: fields.topicId,
    metadata: fields.metadata && jsonb(fields.metadata),
  });
}

export function listSourceChunks(
  db: Kysely<DB>,
  options: ListScaffoldingOptions,
): Promise<SourceChunk[]> {
  return listScaffolding(db, "source_chunks", options);
}

export function findSourceChunk(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string },
): Promise<SourceChunk | undefined> {
  return findScaffolding(db, "source_chunks", options);
}

export function findSourceChunkByKey(
  db: Kysely<DB>,
  options: { workspaceId: string; key: string },
): Promise<SourceChunk | undefined> {
  return findScaffoldingByKey(db, "source_chunks", options);
}

export function createSourceChunk(
  db: Kysely<DB>,
  options: { workspaceId: string; key: string } & SourceChunkFields,
): Promise<SourceChunk> {
  return db
    .insertInto("source_chunks")
    .values({
      workspaceId: options.workspaceId,
      key: options.key,
      title: options.title,
      content: options.content,
      ...chunkColumns(options),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateSourceChunk(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string } & Partial<SourceChunkFields>,
): Promise<SourceChunk | undefined> {
  return updateScaffolding(db, "source_chunks", options, chunkColumns(options));
}

export function retireSourceChunk(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string },
): Promise<SourceChunk | undefined> {
  return retireScaffolding(db, "source_chunks", options);
}

export function restoreSourceChunk(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string },
): Promise<SourceChunk | undefined> {
  return restoreScaffolding(db, "source_chunks", options);
}

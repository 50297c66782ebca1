// Stores an uploaded document and its chunks in one transaction: the chunks the user kept
// after the preview (edited), or the chunker's own when none are given (the CLI).
import {
  createSourceDocument,
  type Database,
  type SourceChunk,
  type SourceDocument,
} from "@parley/db";
import { chunkDocument } from "@parley/generation";
import { readSourceDocument, type SourceDocumentFile } from "./read-source-document.ts";
import {
  type SourceDocumentSettings,
  sourceDocumentSettingsSchema,
} from "./source-document-input.ts";

export interface AddSourceDocumentOptions {
  workspaceId: string;
  userId: string | null;
  file: SourceDocumentFile;
  settings?: SourceDocumentSettings;
}

export async function addSourceDocument(
  db: Database,
  options: AddSourceDocumentOptions,
): Promise<{ document: SourceDocument; chunks: SourceChunk[] }> {
  const settings = sourceDocumentSettingsSchema.parse(options.settings ?? {});
  const read = await readSourceDocument(options.file);
  const title = settings.title ?? read.title;
  const kept =
    settings.chunks ??
    chunkDocument(read.blocks, settings.chunking).map(({ text, headingPath }) => ({
      text,
      headingPath,
    }));
  return createSourceDocument(db, {
    workspaceId: options.workspaceId,
    createdBy: options.userId,
    title,
    fileName: read.fileName,
    kind: read.kind,
    mimeType: read.mimeType,
    byteSize: read.byteSize,
    sha256: read.sha256,
    originalText: read.originalText,
    maxTokens: settings.chunking.maxTokens,
    overlapTokens: settings.chunking.overlapTokens,
    chunks: titledChunks(title, kept),
  });
}

/** A chunk is titled by its nearest heading, numbered when several share one: "Budgets (2/3)". */
function titledChunks(
  documentTitle: string,
  chunks: readonly { text: string; headingPath: string[] }[],
) {
  const label = (chunk: { headingPath: string[] }) => chunk.headingPath.at(-1) || documentTitle;
  const totals = new Map<string, number>();
  for (const chunk of chunks) totals.set(label(chunk), (totals.get(label(chunk)) ?? 0) + 1);
  const seen = new Map<string, number>();
  return chunks.map((chunk) => {
    const name = label(chunk);
    const index = (seen.get(name) ?? 0) + 1;
    seen.set(name, index);
    const total = totals.get(name) ?? 1;
    return {
      title: (total > 1 ? `${name} (${index}/${total})` : name).slice(0, 200),
      content: chunk.text,
      headingPath: chunk.headingPath,
    };
  });
}

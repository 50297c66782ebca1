// Reads and chunks an uploaded file without storing anything, so the user can check, edit and
// drop chunks, or try other settings, before saving.
import {
  type ChunkingOptionsInput,
  chunkDocument,
  chunkingOptionsSchema,
  type DocumentChunk,
} from "@parley/generation";
import {
  readSourceDocument,
  type SourceDocumentFile,
  type SourceDocumentKindName,
} from "./read-source-document.ts";

export interface SourceDocumentPreview {
  title: string;
  fileName: string;
  kind: SourceDocumentKindName;
  byteSize: number;
  sha256: string;
  maxTokens: number;
  overlapTokens: number;
  chunks: DocumentChunk[];
}

export async function previewSourceDocument(
  file: SourceDocumentFile,
  chunking: ChunkingOptionsInput = {},
): Promise<SourceDocumentPreview> {
  const options = chunkingOptionsSchema.parse(chunking);
  const document = await readSourceDocument(file);
  return {
    title: document.title,
    fileName: document.fileName,
    kind: document.kind,
    byteSize: document.byteSize,
    sha256: document.sha256,
    maxTokens: options.maxTokens,
    overlapTokens: options.overlapTokens,
    chunks: chunkDocument(document.blocks, options),
  };
}

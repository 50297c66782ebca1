// The scenario context a conversation was written from, as the rich formats carry it: the
// uploaded document's id and title, the chunk's id and its heading path in the document.
import { z } from "zod";
import type { ExportConversation } from "../export-conversation.ts";

export const sourceContextRecordSchema = z.strictObject({
  document_id: z.string().nullable(),
  document_title: z.string().nullable(),
  chunk_id: z.string(),
  chunk_title: z.string(),
  heading_path: z.array(z.string()),
});
export type SourceContextRecord = z.infer<typeof sourceContextRecordSchema>;

export function sourceContextRecord(conversation: ExportConversation): SourceContextRecord | null {
  const chunk = conversation.sourceChunk;
  if (!chunk) return null;
  return {
    document_id: chunk.documentId ?? null,
    document_title: chunk.documentTitle ?? null,
    chunk_id: chunk.chunkId,
    chunk_title: chunk.title,
    heading_path: chunk.headingPath ?? [],
  };
}

// What a user sends to preview or store a document: the chunking settings and, when saving
// after a preview, the chunks as they edited them (text changed, some dropped).
import { chunkingOptionsSchema } from "@parley/generation";
import { z } from "zod";

export const MAX_CHUNK_CHARS = 20_000;
export const MAX_CHUNKS_PER_DOCUMENT = 20_000;

export const editedChunkSchema = z.object({
  text: z
    .string()
    .trim()
    .min(1, "A chunk cannot be empty: drop it instead")
    .max(MAX_CHUNK_CHARS, `A chunk may hold at most ${MAX_CHUNK_CHARS} characters`),
  headingPath: z.array(z.string().trim().max(300)).max(12).default([]),
});
export type EditedChunk = z.infer<typeof editedChunkSchema>;

export const sourceDocumentSettingsSchema = z.object({
  /** Shown instead of the title read from the document. */
  title: z.string().trim().min(1).max(300).optional(),
  chunking: chunkingOptionsSchema.default({ maxTokens: 400, overlapTokens: 50 }),
  /** The previewed chunks as the user left them; absent: the chunker's, unedited. */
  chunks: z
    .array(editedChunkSchema)
    .min(1, "Keep at least one chunk to save the document")
    .max(MAX_CHUNKS_PER_DOCUMENT)
    .optional(),
});
export type SourceDocumentSettings = z.input<typeof sourceDocumentSettingsSchema>;

// Source documents for the scenario tier: preview an uploaded file's chunks (nothing stored),
// save it with the chunks the user kept, list documents with their chunk counts, read a
// document's chunks, and delete a document no conversation used. Files arrive base64-encoded.
import {
  deleteSourceDocument,
  findConversationSource,
  findSourceDocument,
  listDocumentChunks,
  listSourceDocuments,
} from "@parley/db";
import { AppError, chunkingOptionsSchema } from "@parley/generation";
import {
  addSourceDocument,
  previewSourceDocument,
  SOURCE_DOCUMENT_MAX_BYTES,
  sourceDocumentSettingsSchema,
} from "@parley/queue";
import { z } from "zod";
import { adminProcedure, router, workspaceProcedure } from "../trpc.ts";

const uploadedFileSchema = z.object({
  fileName: z
    .string()
    .trim()
    .min(1, "Name the file, with its extension (.md, .txt, .pdf, .html)")
    .max(255, "File names may have at most 255 characters"),
  contentBase64: z
    .string()
    // base64 grows a file by a third; a little room for padding.
    .max(Math.ceil(SOURCE_DOCUMENT_MAX_BYTES / 3) * 4 + 8, "Documents may be at most 10 MB")
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, "The file's content must be base64-encoded"),
});

const documentId = z.object({ documentId: z.uuid("Pick a document from the list") });

function fileOf(input: z.infer<typeof uploadedFileSchema>) {
  return {
    fileName: input.fileName,
    bytes: new Uint8Array(Buffer.from(input.contentBase64, "base64")),
  };
}

export const documentsRouter = router({
  preview: adminProcedure
    .input(uploadedFileSchema.extend({ chunking: chunkingOptionsSchema.optional() }))
    .mutation(({ input }) => previewSourceDocument(fileOf(input), input.chunking)),

  create: adminProcedure
    .input(uploadedFileSchema.extend(sourceDocumentSettingsSchema.shape))
    .mutation(async ({ ctx, input }) => {
      const { document, chunks } = await addSourceDocument(ctx.db, {
        workspaceId: ctx.workspace.id,
        userId: ctx.user?.id ?? null,
        file: fileOf(input),
        settings: input,
      });
      return { id: document.id, title: document.title, chunkCount: chunks.length };
    }),

  list: workspaceProcedure.query(({ ctx }) =>
    listSourceDocuments(ctx.db, { workspaceId: ctx.workspace.id }),
  ),

  chunks: workspaceProcedure.input(documentId).query(async ({ ctx, input }) => {
    const document = await findSourceDocument(ctx.db, {
      workspaceId: ctx.workspace.id,
      id: input.documentId,
    });
    if (!document) throw AppError.notFound("Document", input.documentId);
    const { originalText: _text, ...summary } = document;
    const chunks = await listDocumentChunks(ctx.db, {
      workspaceId: ctx.workspace.id,
      documentId: document.id,
    });
    return { document: summary, chunks };
  }),

  /** The chunk (and document) a conversation's scenario context came from, for its page. */
  conversationSource: workspaceProcedure
    .input(z.object({ conversationId: z.uuid("Open a conversation from the list") }))
    .query(({ ctx, input }) =>
      findConversationSource(ctx.db, {
        workspaceId: ctx.workspace.id,
        conversationId: input.conversationId,
      }),
    ),

  delete: adminProcedure.input(documentId).mutation(async ({ ctx, input }) => {
    await deleteSourceDocument(ctx.db, { workspaceId: ctx.workspace.id, id: input.documentId });
    return { deleted: true };
  }),
});

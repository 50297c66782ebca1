// `parley documents add|list|chunks`: upload a source document for the scenario tier (cut into
// chunks that follow its headings), list the workspace's documents, and print one's chunks.
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import {
  findSourceDocument,
  isRepositoryError,
  listDocumentChunks,
  listSourceDocuments,
} from "@parley/db";
import { AppError } from "@parley/generation";
import { addSourceDocument, SOURCE_DOCUMENT_MAX_BYTES } from "@parley/queue";
import type { CliOptions } from "../cli-options.ts";
import { openCliContext } from "../context.ts";

const log = (message: string) => process.stderr.write(`[parley] ${message}\n`);

function wholeNumber(value: CliOptions[string], flag: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (typeof value !== "string" || !Number.isInteger(parsed)) {
    throw new AppError("BAD_REQUEST", `${flag} takes a whole number of tokens, e.g. ${flag} 400.`);
  }
  return parsed;
}

async function readUpload(file: string | undefined) {
  if (!file)
    throw new AppError("BAD_REQUEST", "Name the file to add: parley documents add guide.md");
  const size = await stat(file).then(
    (info) => info.size,
    () => {
      throw new AppError("BAD_REQUEST", `There is no file at ${file}.`);
    },
  );
  // Checked before reading, so a huge file is refused without loading it.
  if (size > SOURCE_DOCUMENT_MAX_BYTES) {
    throw new AppError(
      "BAD_REQUEST",
      `${file} is ${(size / 1024 / 1024).toFixed(1)} MB; documents may be at most 10 MB. Split it into smaller files.`,
    );
  }
  return { fileName: path.basename(file), bytes: new Uint8Array(await readFile(file)) };
}

export async function runDocumentsCommand(args: string[], options: CliOptions): Promise<number> {
  const [action, target] = args;
  if (action !== "add" && action !== "list" && action !== "chunks") {
    throw new AppError(
      "BAD_REQUEST",
      "Use: parley documents add FILE [--max-tokens N] [--overlap N] [--title T] | list | chunks ID",
    );
  }
  const upload = action === "add" ? await readUpload(target) : undefined;
  if (action === "chunks" && !target) {
    throw new AppError(
      "BAD_REQUEST",
      "Name the document: parley documents chunks <id> (see parley documents list).",
    );
  }
  const maxTokens = wholeNumber(options["max-tokens"], "--max-tokens");
  const overlapTokens = wholeNumber(options.overlap, "--overlap");
  const ctx = await openCliContext(log);
  try {
    if (upload) {
      const { document, chunks } = await addSourceDocument(ctx.db, {
        workspaceId: ctx.workspaceId,
        userId: null,
        file: upload,
        settings: {
          ...(typeof options.title === "string" ? { title: options.title } : {}),
          chunking: { maxTokens: maxTokens ?? 400, overlapTokens: overlapTokens ?? 50 },
        },
      });
      const summary = {
        id: document.id,
        title: document.title,
        kind: document.kind,
        chunkCount: chunks.length,
      };
      process.stdout.write(
        options.json
          ? `${JSON.stringify(summary, null, 2)}\n`
          : `Added "${document.title}" (${document.kind}, ${chunks.length} chunks): ${document.id}\n`,
      );
      return 0;
    }
    if (action === "list") {
      const documents = await listSourceDocuments(ctx.db, { workspaceId: ctx.workspaceId });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(documents, null, 2)}\n`);
      } else if (documents.length === 0) {
        process.stdout.write("No documents yet: add one with parley documents add FILE\n");
      } else {
        for (const document of documents) {
          process.stdout.write(
            `${document.id}  ${document.title} · ${document.kind} · ${document.chunkCount} chunks · ${document.conversationCount} conversations\n`,
          );
        }
      }
      return 0;
    }
    const id = target as string;
    const document = /^[0-9a-f-]{36}$/i.test(id)
      ? await findSourceDocument(ctx.db, { workspaceId: ctx.workspaceId, id })
      : undefined;
    if (!document)
      throw new AppError(
        "NOT_FOUND",
        `No document ${id} in this workspace (see parley documents list).`,
      );
    const chunks = await listDocumentChunks(ctx.db, {
      workspaceId: ctx.workspaceId,
      documentId: id,
    });
    if (options.json) {
      const rows = chunks.map(({ id: chunkId, key, title, headingPath, position, content }) => ({
        id: chunkId,
        key,
        title,
        headingPath,
        position,
        content,
      }));
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    } else {
      for (const chunk of chunks) {
        process.stdout.write(
          `#${(chunk.position ?? 0) + 1} ${chunk.id}  ${chunk.headingPath.join(" › ") || chunk.title}\n${chunk.content}\n\n`,
        );
      }
    }
    return 0;
  } catch (error) {
    // The repository's refusals (a file already uploaded) are the user's to act on.
    if (isRepositoryError(error)) throw new AppError("BAD_REQUEST", error.message);
    throw error;
  } finally {
    await ctx.close();
  }
}

// Turns an uploaded file into text blocks ready to chunk: checks its size, tells its kind from
// its name and contents, and extracts its text. Every refusal says what was wrong and what to do.
import { createHash } from "node:crypto";
import {
  AppError,
  type DocumentBlock,
  markdownBlocks,
  normaliseParagraph,
  plainTextBlocks,
} from "@parley/generation";
import { htmlBlocks } from "./html-blocks.ts";
import { pdfBlocks } from "./pdf-blocks.ts";

/** Larger files are refused: a 10 MB text is ~2.5 M tokens, thousands of chunks. */
export const SOURCE_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

export const SOURCE_DOCUMENT_KINDS = ["markdown", "text", "pdf", "html"] as const;
export type SourceDocumentKindName = (typeof SOURCE_DOCUMENT_KINDS)[number];

const MIME_TYPES: Record<SourceDocumentKindName, string> = {
  markdown: "text/markdown",
  text: "text/plain",
  pdf: "application/pdf",
  html: "text/html",
};

const EXTENSIONS: Record<string, SourceDocumentKindName> = {
  md: "markdown",
  markdown: "markdown",
  txt: "text",
  text: "text",
  pdf: "pdf",
  html: "html",
  htm: "html",
};

export interface SourceDocumentFile {
  fileName: string;
  bytes: Uint8Array;
}

export interface ReadSourceDocument {
  /** From the document itself (Markdown or HTML h1, HTML <title>, PDF Title), else the file name. */
  title: string;
  fileName: string;
  kind: SourceDocumentKindName;
  mimeType: string;
  byteSize: number;
  sha256: string;
  /** The extracted text, as chunked. */
  originalText: string;
  blocks: DocumentBlock[];
}

export async function readSourceDocument(file: SourceDocumentFile): Promise<ReadSourceDocument> {
  const byteSize = file.bytes.byteLength;
  if (byteSize === 0) {
    throw new AppError(
      "BAD_REQUEST",
      `"${file.fileName}" is empty: choose a file with some text in it.`,
    );
  }
  if (byteSize > SOURCE_DOCUMENT_MAX_BYTES) {
    throw new AppError(
      "BAD_REQUEST",
      `"${file.fileName}" is ${(byteSize / 1024 / 1024).toFixed(1)} MB; documents may be at most ${SOURCE_DOCUMENT_MAX_BYTES / 1024 / 1024} MB. Split it into smaller files.`,
    );
  }
  const kind = kindOf(file);
  const { title, blocks } = await blocksOf(kind, file.bytes, file.fileName);
  const originalText = blocks
    .map((block) =>
      block.kind === "heading" ? `${"#".repeat(block.level)} ${block.text}` : block.text,
    )
    .join("\n\n");
  if (!blocks.some((block) => block.kind === "text")) {
    throw new AppError(
      "BAD_REQUEST",
      kind === "pdf"
        ? `"${file.fileName}" has no text layer to read (a scanned PDF holds only images). Run it through OCR first, or upload its text.`
        : `"${file.fileName}" has no text to chunk beyond headings: add the content under them and upload it again.`,
    );
  }
  return {
    title: title || file.fileName.replace(/\.[^.]+$/, ""),
    fileName: file.fileName,
    kind,
    mimeType: MIME_TYPES[kind],
    byteSize,
    sha256: createHash("sha256").update(file.bytes).digest("hex"),
    originalText,
    blocks,
  };
}

function kindOf(file: SourceDocumentFile): SourceDocumentKindName {
  const extension = /\.([a-z0-9]+)$/i.exec(file.fileName)?.[1]?.toLowerCase() ?? "";
  const kind = EXTENSIONS[extension];
  const looksLikePdf = Buffer.from(file.bytes.subarray(0, 5)).toString("latin1") === "%PDF-";
  if (kind === "pdf" && !looksLikePdf) {
    throw new AppError(
      "BAD_REQUEST",
      `"${file.fileName}" is named .pdf but is not a PDF. Upload the real PDF, or rename the file to what it is.`,
    );
  }
  if (kind) return kind;
  if (looksLikePdf) return "pdf";
  throw new AppError(
    "BAD_REQUEST",
    `"${file.fileName}" is not a type Parley reads: upload Markdown (.md), plain text (.txt), PDF (.pdf) or HTML (.html, .htm).`,
  );
}

async function blocksOf(
  kind: SourceDocumentKindName,
  bytes: Uint8Array,
  fileName: string,
): Promise<{ title: string; blocks: DocumentBlock[] }> {
  if (kind === "pdf") {
    const pdf = await pdfBlocks(bytes);
    return {
      title: pdf.title || (pdf.blocks.find((block) => block.kind === "heading")?.text ?? ""),
      blocks: pdf.blocks,
    };
  }
  const text = decodeText(bytes, fileName);
  if (kind === "html") return htmlBlocks(text);
  const blocks = kind === "markdown" ? markdownBlocks(text) : plainTextBlocks(text);
  const firstHeading = blocks.find((block) => block.kind === "heading" && block.level === 1);
  return { title: kind === "markdown" ? normaliseParagraph(firstHeading?.text ?? "") : "", blocks };
}

/** UTF-8 only: a binary file renamed .txt would otherwise become chunks of mojibake. */
function decodeText(bytes: Uint8Array, fileName: string): string {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    if (text.includes("\u0000")) throw new Error("NUL byte");
    return text;
  } catch {
    throw new AppError(
      "BAD_REQUEST",
      `"${fileName}" is not UTF-8 text (a binary file, or another encoding). Save it as UTF-8 text and upload it again.`,
    );
  }
}

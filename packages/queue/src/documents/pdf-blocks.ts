// Reads a PDF's text layer into heading and text blocks, best effort: a line set in a larger
// font than the body text, or numbered like "2.1 Budgeting", is a heading; a wide vertical gap
// ends a paragraph. Encrypted and damaged files are refused with what to do instead.
import {
  AppError,
  type DocumentBlock,
  normaliseParagraph,
  numberedHeadingLevel,
} from "@parley/generation";
import { extractTextItems, getDocumentProxy, getMeta } from "unpdf";

export interface PdfDocument {
  /** The PDF's Title metadata, when it has one. */
  title: string;
  blocks: DocumentBlock[];
}

interface Line {
  text: string;
  fontSize: number;
  y: number;
  page: number;
}

/** How much larger than the body a font must be to count as a heading. */
const HEADING_FONT_RATIO = 1.15;

export async function pdfBlocks(bytes: Uint8Array): Promise<PdfDocument> {
  let proxy: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js takes ownership of the buffer it is given; a copy keeps the caller's intact.
    proxy = await getDocumentProxy(new Uint8Array(bytes));
  } catch (error) {
    throw pdfError(error);
  }
  try {
    const { items } = await extractTextItems(proxy);
    const lines = items.flatMap((pageItems, page) => linesOf(pageItems, page));
    const meta = await getMeta(proxy).catch(() => ({ info: {} as Record<string, unknown> }));
    const title = typeof meta.info.Title === "string" ? normaliseParagraph(meta.info.Title) : "";
    return { title, blocks: blocksOf(lines) };
  } catch (error) {
    throw pdfError(error);
  } finally {
    await proxy.loadingTask.destroy();
  }
}

function pdfError(error: unknown): AppError {
  const name = error instanceof Error ? error.name : "";
  if (name === "PasswordException") {
    return new AppError(
      "BAD_REQUEST",
      "This PDF is encrypted (password-protected), so its text cannot be read. Save or print an unprotected copy and upload that.",
    );
  }
  return new AppError(
    "BAD_REQUEST",
    "This PDF could not be read: the file is damaged or not really a PDF. Export it again from its source application, or upload its text as .txt or .md.",
  );
}

/** Joins a page's text runs into lines (pdf.js marks line ends with hasEOL). */
function linesOf(
  items: { str: string; fontSize: number; y: number; hasEOL: boolean }[],
  page: number,
): Line[] {
  const lines: Line[] = [];
  let text = "";
  let fontSize = 0;
  let y = 0;
  const flush = () => {
    const clean = normaliseParagraph(text);
    if (clean) lines.push({ text: clean, fontSize, y, page });
    text = "";
    fontSize = 0;
  };
  for (const item of items) {
    if (text && Math.abs(item.y - y) > 1 && item.str.trim()) flush();
    if (item.str.trim()) {
      if (!text) y = item.y;
      fontSize = Math.max(fontSize, item.fontSize);
    }
    text += item.str;
    if (item.hasEOL) flush();
  }
  flush();
  return lines;
}

function blocksOf(lines: readonly Line[]): DocumentBlock[] {
  if (lines.length === 0) return [];
  const body = bodyFontSize(lines);
  // Larger sizes rank as outer headings: the largest is level 1, the next level 2, and so on.
  const headingSizes = [
    ...new Set(
      lines
        .map((line) => Math.round(line.fontSize))
        .filter((size) => size >= body * HEADING_FONT_RATIO),
    ),
  ].sort((a, b) => b - a);
  const blocks: DocumentBlock[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    const text = normaliseParagraph(paragraph.join(" "));
    if (text) blocks.push({ kind: "text", text });
    paragraph = [];
  };
  let previous: Line | undefined;
  for (const line of lines) {
    const sizeRank = headingSizes.indexOf(Math.round(line.fontSize));
    const level =
      sizeRank >= 0 && line.text.length <= 120 ? sizeRank + 1 : numberedHeadingLevel(line.text);
    if (level !== null) {
      flush();
      blocks.push({ kind: "heading", level, text: line.text });
      previous = line;
      continue;
    }
    const gap = previous && previous.page === line.page ? previous.y - line.y : 0;
    if (previous && (previous.page !== line.page ? false : gap > line.fontSize * 1.8)) flush();
    paragraph.push(line.text);
    previous = line;
  }
  flush();
  return blocks;
}

/** The font size carrying the most characters: the body text's. */
function bodyFontSize(lines: readonly Line[]): number {
  const weight = new Map<number, number>();
  for (const line of lines) {
    const size = Math.round(line.fontSize);
    weight.set(size, (weight.get(size) ?? 0) + line.text.length);
  }
  return [...weight.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

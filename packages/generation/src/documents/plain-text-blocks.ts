// Reads plain text (and the lines a PDF yields) into blocks: paragraphs are separated by blank
// lines, and a short line numbered like "2." or "2.1 Budgeting" starts a heading at that depth.
import { type DocumentBlock, normaliseParagraph } from "./document-blocks.ts";

const NUMBERED_HEADING = /^(\d{1,3}(?:\.\d{1,3}){0,5})\.?[ \t]+(\S.{0,100})$/;
/** Longer lines, or lines ending like a sentence, are prose that happens to start with a number. */
const MAX_HEADING_CHARS = 90;

/** The heading level a line announces by its numbering ("3" → 1, "3.2" → 2), or null. */
export function numberedHeadingLevel(line: string): number | null {
  const trimmed = line.trim();
  if (trimmed.length > MAX_HEADING_CHARS || /[.:;,!?]$/.test(trimmed)) return null;
  const match = NUMBERED_HEADING.exec(trimmed);
  if (!match?.[1] || !/^[\p{Lu}\p{N}]/u.test(match[2] ?? "")) return null;
  return match[1].split(".").length;
}

export function plainTextBlocks(source: string): DocumentBlock[] {
  const blocks: DocumentBlock[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    const text = normaliseParagraph(paragraph.join(" "));
    if (text) blocks.push({ kind: "text", text });
    paragraph = [];
  };
  for (const line of source.replace(/\r\n?/g, "\n").split("\n")) {
    if (line.trim() === "") {
      flush();
      continue;
    }
    const level = numberedHeadingLevel(line);
    if (level !== null) {
      flush();
      blocks.push({ kind: "heading", level, text: normaliseParagraph(line) });
      continue;
    }
    paragraph.push(line);
  }
  flush();
  return blocks;
}

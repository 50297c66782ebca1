// The structure every document format is reduced to before chunking: headings with their level
// and the text between them, in reading order. Parsers (Markdown, HTML, PDF, plain text) emit it.

export type DocumentBlock =
  | { kind: "heading"; level: number; text: string }
  | { kind: "text"; text: string };

/** Whitespace runs inside a paragraph become one space; a paragraph is one line of text. */
export function normaliseParagraph(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

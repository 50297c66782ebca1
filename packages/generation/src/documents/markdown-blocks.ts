// Reads Markdown into heading and text blocks: ATX (`## Title`) and setext (underlined)
// headings; fenced code stays one text block so a `#` comment in it is not a heading.
import { type DocumentBlock, normaliseParagraph } from "./document-blocks.ts";

const ATX_HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(```|~~~)/;

export function markdownBlocks(source: string): DocumentBlock[] {
  const blocks: DocumentBlock[] = [];
  let paragraph: string[] = [];
  let fence: string | null = null;
  const flush = () => {
    const text = paragraph.join("\n").trim();
    if (text) blocks.push({ kind: "text", text });
    paragraph = [];
  };
  for (const line of source.replace(/\r\n?/g, "\n").split("\n")) {
    const fenceMatch = FENCE.exec(line);
    if (fence !== null) {
      paragraph.push(line);
      if (fenceMatch && fenceMatch[1] === fence) {
        fence = null;
        flush();
      }
      continue;
    }
    if (fenceMatch) {
      flush();
      fence = fenceMatch[1] ?? "```";
      paragraph.push(line);
      continue;
    }
    const heading = ATX_HEADING.exec(line);
    if (heading) {
      flush();
      const text = normaliseParagraph(heading[2] ?? "");
      if (text) blocks.push({ kind: "heading", level: heading[1]?.length ?? 1, text });
      continue;
    }
    const underline = SETEXT_UNDERLINE.exec(line);
    if (underline && paragraph.length === 1) {
      const text = normaliseParagraph(paragraph[0] ?? "");
      paragraph = [];
      if (text)
        blocks.push({ kind: "heading", level: underline[1]?.startsWith("=") ? 1 : 2, text });
      continue;
    }
    if (line.trim() === "") {
      flush();
      continue;
    }
    paragraph.push(line);
  }
  flush();
  return blocks;
}

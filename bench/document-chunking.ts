// How long a preview of the largest allowed upload takes (read + chunk, no database): a 10 MB
// Markdown file, the same as plain text with numbered headings, and as HTML. Run: node document-chunking.ts
import { previewSourceDocument, SOURCE_DOCUMENT_MAX_BYTES } from "@parley/queue";

const paragraph = (n: number) =>
  `Paragraph ${n} explains how a household can plan its savings, spending and debt repayments month by month. `.repeat(
    4,
  );

function build(kind: "markdown" | "text" | "html"): Buffer {
  const parts: string[] = [];
  let size = 0;
  for (let section = 1; size < SOURCE_DOCUMENT_MAX_BYTES - 4096; section++) {
    const heading =
      kind === "markdown"
        ? `## Section ${section}`
        : kind === "text"
          ? `${section}. Section ${section}`
          : `<h2>Section ${section}</h2>`;
    const body = [1, 2, 3]
      .map((i) => (kind === "html" ? `<p>${paragraph(i)}</p>` : paragraph(i)))
      .join(kind === "html" ? "" : "\n\n");
    const block = `${heading}\n\n${body}\n\n`;
    parts.push(block);
    size += Buffer.byteLength(block);
  }
  const text = kind === "html" ? `<html><body>${parts.join("")}</body></html>` : parts.join("");
  return Buffer.from(text, "utf8").subarray(0, SOURCE_DOCUMENT_MAX_BYTES);
}

const results: Record<string, unknown>[] = [];
for (const kind of ["markdown", "text", "html"] as const) {
  const bytes = new Uint8Array(build(kind));
  const fileName = { markdown: "big.md", text: "big.txt", html: "big.html" }[kind];
  const started = performance.now();
  const preview = await previewSourceDocument({ fileName, bytes });
  const ms = Math.round(performance.now() - started);
  results.push({
    kind,
    megabytes: +(bytes.byteLength / 1024 / 1024).toFixed(2),
    chunks: preview.chunks.length,
    ms,
  });
}
console.table(results);
console.log(`node ${process.version}, ${(await import("node:os")).cpus().length} cores`);

// Reads an HTML page into heading and text blocks: h1–h6 are headings, paragraphs, list items,
// table cells and preformatted text are text; scripts, styles and navigation chrome are skipped.
import { type DocumentBlock, normaliseParagraph } from "@parley/generation";
import { type HTMLElement, type Node, NodeType, parse } from "node-html-parser";

const SKIPPED = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "head",
  "nav",
  "svg",
  "iframe",
]);
const TEXT_CONTAINERS = new Set([
  "p",
  "li",
  "pre",
  "blockquote",
  "td",
  "th",
  "dt",
  "dd",
  "figcaption",
  "caption",
  "summary",
]);

export interface HtmlDocument {
  /** The page's <title>, else its first h1; empty when it has neither. */
  title: string;
  blocks: DocumentBlock[];
}

export function htmlBlocks(source: string): HtmlDocument {
  const root = parse(source, { comment: false, blockTextElements: { pre: true } });
  const blocks: DocumentBlock[] = [];
  let loose: string[] = [];
  const flushLoose = () => {
    const text = normaliseParagraph(loose.join(" "));
    if (text) blocks.push({ kind: "text", text });
    loose = [];
  };
  const visit = (node: Node): void => {
    if (node.nodeType === NodeType.TEXT_NODE) {
      loose.push(node.text);
      return;
    }
    if (node.nodeType !== NodeType.ELEMENT_NODE) return;
    const element = node as HTMLElement;
    const tag = element.rawTagName?.toLowerCase() ?? "";
    if (SKIPPED.has(tag)) return;
    const heading = /^h([1-6])$/.exec(tag);
    if (heading) {
      flushLoose();
      const text = normaliseParagraph(element.text);
      if (text) blocks.push({ kind: "heading", level: Number(heading[1]), text });
      return;
    }
    if (TEXT_CONTAINERS.has(tag)) {
      flushLoose();
      const text = tag === "pre" ? element.text.trim() : normaliseParagraph(element.text);
      if (text) blocks.push({ kind: "text", text });
      return;
    }
    if (tag === "br") return;
    // Any other element (div, section, span, a, strong…): inline text joins its neighbours,
    // and a block element's end closes the paragraph.
    for (const child of element.childNodes) visit(child);
    if (!INLINE.has(tag)) flushLoose();
  };
  visit(root);
  flushLoose();
  const title =
    normaliseParagraph(root.querySelector("title")?.text ?? "") ||
    (blocks.find((block) => block.kind === "heading" && block.level === 1)?.text ?? "");
  return { title, blocks };
}

const INLINE = new Set([
  "a",
  "abbr",
  "b",
  "cite",
  "code",
  "em",
  "i",
  "kbd",
  "mark",
  "q",
  "s",
  "small",
  "span",
  "strong",
  "sub",
  "sup",
  "time",
  "u",
]);

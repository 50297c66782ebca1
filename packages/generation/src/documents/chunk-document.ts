// Splits a document's blocks into chunks for scenario context. A chunk never spans two
// sections: headings start a new one, and each chunk keeps its heading path. Within a section,
// paragraphs are packed up to the token budget; the next chunk repeats the last `overlapTokens`
// of the previous one so an idea cut at a boundary is still whole in one of them.
import { estimateTokens } from "../estimation/token-estimate.ts";
import {
  type ChunkingOptions,
  type ChunkingOptionsInput,
  chunkingOptionsSchema,
} from "./chunking-options.ts";
import type { DocumentBlock } from "./document-blocks.ts";

export interface DocumentChunk {
  /** 0-based order in the document. */
  position: number;
  /** The headings above the chunk, outermost first; empty before the first heading. */
  headingPath: string[];
  text: string;
  tokenCount: number;
}

interface Section {
  headingPath: string[];
  paragraphs: string[];
}

export function chunkDocument(
  blocks: readonly DocumentBlock[],
  optionsInput: ChunkingOptionsInput = {},
): DocumentChunk[] {
  const options = chunkingOptionsSchema.parse(optionsInput);
  const chunks: DocumentChunk[] = [];
  for (const section of sectionsOf(blocks)) {
    for (const text of packSection(section.paragraphs, options)) {
      chunks.push({
        position: chunks.length,
        headingPath: section.headingPath,
        text,
        tokenCount: estimateTokens(text),
      });
    }
  }
  return chunks;
}

/** Groups text under the heading path in force; a heading closes every heading at or below it. */
function sectionsOf(blocks: readonly DocumentBlock[]): Section[] {
  const sections: Section[] = [];
  const stack: { level: number; text: string }[] = [];
  let current: Section | null = null;
  for (const block of blocks) {
    if (block.kind === "heading") {
      while (stack.length > 0 && (stack.at(-1)?.level ?? 0) >= block.level) stack.pop();
      stack.push({ level: block.level, text: block.text });
      current = null;
      continue;
    }
    if (!current) {
      current = { headingPath: stack.map((heading) => heading.text), paragraphs: [] };
      sections.push(current);
    }
    current.paragraphs.push(block.text);
  }
  return sections;
}

/** Packs a section's paragraphs into chunks within the budget, overlap included. */
function packSection(paragraphs: readonly string[], options: ChunkingOptions): string[] {
  const units = paragraphs.flatMap((paragraph) => splitToFit(paragraph, options.maxTokens));
  const chunks: string[] = [];
  let parts: string[] = [];
  for (const unit of units) {
    if (parts.length > 0 && estimateTokens([...parts, unit].join("\n\n")) > options.maxTokens) {
      const previous = parts.join("\n\n");
      chunks.push(previous);
      const overlap = overlapTail(previous, options, estimateTokens(unit));
      parts = overlap ? [overlap, unit] : [unit];
    } else {
      parts.push(unit);
    }
  }
  if (parts.length > 0) chunks.push(parts.join("\n\n"));
  return chunks;
}

/**
 * The last words of `text` worth about `overlapTokens`, shortened so that they and the next
 * unit still fit the budget; empty when there is no room or no overlap is asked for.
 */
function overlapTail(text: string, options: ChunkingOptions, nextTokens: number): string {
  const room = Math.min(options.overlapTokens, options.maxTokens - nextTokens - 2);
  if (room <= 0) return "";
  const words = text.split(/\s+/).filter(Boolean);
  const tail: string[] = [];
  for (let index = words.length - 1; index >= 0; index--) {
    const next = [words[index] as string, ...tail];
    if (estimateTokens(next.join(" ")) > room) break;
    tail.unshift(words[index] as string);
  }
  return tail.length > 0 ? `… ${tail.join(" ")}` : "";
}

/** A paragraph over the budget is cut at sentence ends, and a sentence over it at word breaks. */
function splitToFit(paragraph: string, maxTokens: number): string[] {
  if (estimateTokens(paragraph) <= maxTokens) return [paragraph];
  const sentences = paragraph.match(/[^.!?]+(?:[.!?]+["')\]]*|$)\s*/g) ?? [paragraph];
  const pieces: string[] = [];
  let current = "";
  for (const sentence of sentences.flatMap((text) => splitWords(text.trim(), maxTokens))) {
    const candidate = current ? `${current} ${sentence}` : sentence;
    if (current && estimateTokens(candidate) > maxTokens) {
      pieces.push(current);
      current = sentence;
    } else {
      current = candidate;
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

function splitWords(sentence: string, maxTokens: number): string[] {
  if (estimateTokens(sentence) <= maxTokens) return sentence ? [sentence] : [];
  const pieces: string[] = [];
  let current = "";
  for (const word of sentence.split(/\s+/)) {
    // A single "word" longer than the budget (a URL, a table row without spaces) is cut hard.
    for (const part of word.match(new RegExp(`.{1,${maxTokens * 4 - 4}}`, "gu")) ?? []) {
      const candidate = current ? `${current} ${part}` : part;
      if (current && estimateTokens(candidate) > maxTokens) {
        pieces.push(current);
        current = part;
      } else {
        current = candidate;
      }
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

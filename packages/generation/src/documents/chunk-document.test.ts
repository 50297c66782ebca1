import { describe, expect, it } from "vitest";
import { chunkDocument } from "./chunk-document.ts";
import { chunkingOptionsSchema } from "./chunking-options.ts";
import { markdownBlocks } from "./markdown-blocks.ts";
import { numberedHeadingLevel, plainTextBlocks } from "./plain-text-blocks.ts";

const sentence = (n: number) => `Sentence ${n} explains one idea about saving money every month.`;
const paragraph = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => sentence(from + i)).join(" ");

describe("markdownBlocks", () => {
  it("reads ATX and setext headings, and leaves # inside fenced code alone", () => {
    const blocks = markdownBlocks(
      "# Guide\n\nIntro text.\n\nBudgets\n-------\n\nPlan it.\n\n```sh\n# not a heading\n```\n",
    );
    expect(blocks).toEqual([
      { kind: "heading", level: 1, text: "Guide" },
      { kind: "text", text: "Intro text." },
      { kind: "heading", level: 2, text: "Budgets" },
      { kind: "text", text: "Plan it." },
      { kind: "text", text: "```sh\n# not a heading\n```" },
    ]);
  });
});

describe("plainTextBlocks", () => {
  it("treats short numbered lines as headings at their depth and prose as paragraphs", () => {
    expect(numberedHeadingLevel("2.1 Emergency funds")).toBe(2);
    expect(numberedHeadingLevel("3. Retirement")).toBe(1);
    expect(numberedHeadingLevel("2 people asked about this last week.")).toBeNull();
    const blocks = plainTextBlocks(
      "1. Basics\nKeep a buffer\nof three months.\n\n1.1 Why\nBecause.",
    );
    expect(blocks).toEqual([
      { kind: "heading", level: 1, text: "1. Basics" },
      { kind: "text", text: "Keep a buffer of three months." },
      { kind: "heading", level: 2, text: "1.1 Why" },
      { kind: "text", text: "Because." },
    ]);
  });
});

describe("chunkDocument", () => {
  it("starts a chunk at every heading and records the heading path", () => {
    const chunks = chunkDocument(
      markdownBlocks(
        "# Guide\n\nIntro.\n\n## Saving\n\nSave first.\n\n### Where\n\nA bank.\n\n## Debt\n\nPay it.",
      ),
    );
    expect(chunks.map((chunk) => [chunk.headingPath, chunk.text])).toEqual([
      [["Guide"], "Intro."],
      [["Guide", "Saving"], "Save first."],
      [["Guide", "Saving", "Where"], "A bank."],
      [["Guide", "Debt"], "Pay it."],
    ]);
    expect(chunks.map((chunk) => chunk.position)).toEqual([0, 1, 2, 3]);
  });

  it("keeps every chunk within the budget and repeats the overlap at each cut", () => {
    const text = `# Long\n\n${paragraph(1, 12)}\n\n${paragraph(13, 12)}\n\n${paragraph(25, 12)}`;
    const chunks = chunkDocument(markdownBlocks(text), { maxTokens: 120, overlapTokens: 20 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) expect(chunk.tokenCount).toBeLessThanOrEqual(120);
    for (let i = 1; i < chunks.length; i++) {
      const previousWords = (chunks[i - 1]?.text ?? "").split(/\s+/);
      const lastWords = previousWords.slice(-3).join(" ");
      expect(chunks[i]?.text.startsWith("…")).toBe(true);
      expect(chunks[i]?.text).toContain(lastWords);
    }
    // Nothing is lost: every sentence appears in some chunk.
    const all = chunks.map((chunk) => chunk.text).join(" ");
    for (let n = 1; n <= 36; n++) expect(all).toContain(`Sentence ${n} `);
  });

  it("does not overlap when the overlap is 0, and cuts a word run without spaces", () => {
    const chunks = chunkDocument(markdownBlocks(`${paragraph(1, 20)}\n\n${"x".repeat(900)}`), {
      maxTokens: 100,
      overlapTokens: 0,
    });
    expect(chunks.every((chunk) => !chunk.text.startsWith("…"))).toBe(true);
    expect(chunks.every((chunk) => chunk.tokenCount <= 100)).toBe(true);
    const runs = chunks.flatMap((chunk) => chunk.text.match(/x{2,}/g) ?? []);
    expect(runs.join("")).toHaveLength(900);
  });

  it("refuses settings that make no sense, saying which", () => {
    expect(() => chunkingOptionsSchema.parse({ maxTokens: 10 })).toThrow(/at least 50 tokens/);
    expect(() => chunkingOptionsSchema.parse({ maxTokens: 100, overlapTokens: 60 })).toThrow(
      /at most half/,
    );
    expect(chunkingOptionsSchema.parse({})).toEqual({ maxTokens: 400, overlapTokens: 50 });
  });
});

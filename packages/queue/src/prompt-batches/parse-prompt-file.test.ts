import { describe, expect, it } from "vitest";
import { parsePromptFile, promptFileFormatOf } from "./parse-prompt-file.ts";
import { MAX_PROMPT_CHARS, MAX_PROMPTS } from "./prompt-limits.ts";

describe("JSONL prompts", () => {
  it("reads prompt, system and id, skipping blank lines", () => {
    const file = parsePromptFile(
      '{"prompt": "First", "id": "a"}\n\n{"prompt": "Second", "system": "Be brief", "id": 7, "extra": 1}\n',
      "jsonl",
    );
    expect(file.problems).toEqual([]);
    expect(file.prompts).toEqual([
      { line: 1, prompt: "First", system: null, sourceId: "a" },
      { line: 3, prompt: "Second", system: "Be brief", sourceId: "7" },
    ]);
  });

  it("names each bad line and why", () => {
    const file = parsePromptFile(
      [
        '{"prompt": "ok"}',
        "{not json",
        '["a list"]',
        '{"text": "no prompt key"}',
        '{"prompt": "   "}',
        '{"prompt": 3}',
        '{"prompt": "x", "system": 5}',
        `{"prompt": "${"y".repeat(MAX_PROMPT_CHARS + 1)}"}`,
      ].join("\n"),
      "jsonl",
    );
    expect(file.prompts.map((p) => p.line)).toEqual([1]);
    expect(file.problems.map((p) => [p.line, p.message])).toEqual([
      [2, expect.stringMatching(/^not valid JSON/)],
      [3, 'each line must be a JSON object such as {"prompt": "…"}'],
      [4, 'it has no "prompt"'],
      [5, '"prompt" is empty'],
      [6, '"prompt" must be text'],
      [7, '"system" must be text'],
      [8, '"prompt" is longer than 50,000 characters'],
    ]);
  });

  it("refuses a repeated id, naming the line that used it first", () => {
    const file = parsePromptFile('{"prompt": "a", "id": "x"}\n{"prompt": "b", "id": "x"}', "jsonl");
    expect(file.problems).toEqual([
      { line: 2, message: 'the id "x" is already used on line 1; ids must be unique' },
    ]);
  });
});

describe("CSV prompts", () => {
  it("reads the prompt column with optional system and id, quoted commas and line breaks", () => {
    const file = parsePromptFile(
      'id,Prompt,system\r\nq1,"Hello, world",\r\nq2,"Two\nlines","Be ""kind"""\r\n',
      "csv",
    );
    expect(file.problems).toEqual([]);
    expect(file.prompts).toEqual([
      { line: 2, prompt: "Hello, world", system: null, sourceId: "q1" },
      { line: 3, prompt: "Two\nlines", system: 'Be "kind"', sourceId: "q2" },
    ]);
  });

  it("needs a prompt column, and names rows with the wrong number of fields or no prompt", () => {
    expect(parsePromptFile("question\nWhat?", "csv").problems).toEqual([
      {
        line: 1,
        message: 'the first line must name the columns, one of them "prompt" (found: question)',
      },
    ]);
    const file = parsePromptFile("prompt,id\nfine,1\ntoo,many,fields\n,3", "csv");
    expect(file.prompts).toHaveLength(1);
    expect(file.problems).toEqual([
      {
        line: 3,
        message: "3 fields where the header has 2; quote a field that holds a comma",
      },
      { line: 4, message: '"prompt" is empty' },
    ]);
  });

  it("names the line of a quote that is never closed", () => {
    expect(parsePromptFile('prompt\nok\n"never closed\nstill', "csv").problems).toEqual([
      { line: 3, message: 'a quoted field is never closed (a missing ")' },
    ]);
  });
});

describe("text prompts", () => {
  it("takes one prompt a line, skipping blank lines and # comments", () => {
    const file = parsePromptFile("# questions\nWhat is Python?\n\n  Explain OOP  \n", "text");
    expect(file.prompts).toEqual([
      { line: 2, prompt: "What is Python?", system: null, sourceId: null },
      { line: 4, prompt: "Explain OOP", system: null, sourceId: null },
    ]);
  });

  it("states the limit on prompts", () => {
    const file = parsePromptFile(
      Array.from({ length: MAX_PROMPTS + 1 }, (_, i) => `p${i}`).join("\n"),
      "text",
    );
    expect(file.problems).toEqual([
      {
        line: MAX_PROMPTS + 1,
        message: `a batch holds at most 10,000 prompts; this is prompt ${MAX_PROMPTS + 1} (split the file)`,
      },
    ]);
  });
});

describe("the format a file name says", () => {
  it("knows .jsonl, .csv and .txt, and nothing else", () => {
    expect(promptFileFormatOf("prompts.JSONL")).toBe("jsonl");
    expect(promptFileFormatOf("a.ndjson")).toBe("jsonl");
    expect(promptFileFormatOf("a.csv")).toBe("csv");
    expect(promptFileFormatOf("batch_prompts.txt")).toBe("text");
    expect(promptFileFormatOf("a.xlsx")).toBeUndefined();
  });
});

// Reads a prompts batch's input: JSONL (one {"prompt", "system"?, "id"?} object a line), CSV (a
// `prompt` column, optional `system` and `id`) or plain text (one prompt a line, `#` comments and
// blank lines skipped, as the batch-processor spec's prompt files). Every bad line is named with
// its number and what to change; nothing is guessed.
import { PROMPT_FILE_FORMATS, type PromptFileFormat, promptFileFormatOf } from "@parley/db";
import { z } from "zod";
import { readCsvRecords } from "./csv-records.ts";
import {
  MAX_PROMPT_CHARS,
  MAX_PROMPTS,
  MAX_SOURCE_ID_CHARS,
  MAX_SYSTEM_CHARS,
} from "./prompt-limits.ts";

export { PROMPT_FILE_FORMATS, type PromptFileFormat, promptFileFormatOf };

export interface ParsedPrompt {
  /** 1-based line of the input it came from. */
  line: number;
  prompt: string;
  /** This prompt's own system prompt (else the batch's). */
  system: string | null;
  /** The id the user gave it. */
  sourceId: string | null;
}

export interface PromptFileProblem {
  line: number;
  message: string;
}

export interface ParsedPromptFile {
  prompts: ParsedPrompt[];
  problems: PromptFileProblem[];
}

const promptText = z
  .string({ message: '"prompt" must be text' })
  .refine((value) => value.trim() !== "", { message: '"prompt" is empty' })
  .refine((value) => value.length <= MAX_PROMPT_CHARS, {
    message: `"prompt" is longer than ${MAX_PROMPT_CHARS.toLocaleString("en-US")} characters`,
  });

const promptLine = z.object(
  {
    prompt: promptText,
    system: z
      .string({ message: '"system" must be text' })
      .max(MAX_SYSTEM_CHARS, {
        message: `"system" is longer than ${MAX_SYSTEM_CHARS.toLocaleString("en-US")} characters`,
      })
      .nullish(),
    id: z
      .union([z.string(), z.number()], { message: '"id" must be text or a number' })
      .transform(String)
      .refine((value) => value.trim() !== "", { message: '"id" is empty' })
      .refine((value) => value.length <= MAX_SOURCE_ID_CHARS, {
        message: `"id" is longer than ${MAX_SOURCE_ID_CHARS} characters`,
      })
      .nullish(),
  },
  { message: 'each line must be a JSON object such as {"prompt": "…"}' },
);

function firstIssue(error: z.ZodError, value: unknown): string {
  const missingPrompt =
    typeof value === "object" && value !== null && !Array.isArray(value) && !("prompt" in value);
  if (missingPrompt) return 'it has no "prompt"';
  return error.issues[0]?.message ?? "not a valid prompt";
}

export function parsePromptFile(content: string, format: PromptFileFormat): ParsedPromptFile {
  const result =
    format === "jsonl"
      ? parseJsonl(content)
      : format === "csv"
        ? parseCsv(content)
        : parseText(content);
  return withCrossChecks(result);
}

function lines(content: string): string[] {
  return content.replace(/^\uFEFF/, "").split(/\r?\n/);
}

function parseJsonl(content: string): ParsedPromptFile {
  const prompts: ParsedPrompt[] = [];
  const problems: PromptFileProblem[] = [];
  lines(content).forEach((text, index) => {
    const line = index + 1;
    if (text.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      problems.push({
        line,
        message: `not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      });
      return;
    }
    const parsed = promptLine.safeParse(value);
    if (!parsed.success) {
      problems.push({ line, message: firstIssue(parsed.error, value) });
      return;
    }
    prompts.push({
      line,
      prompt: parsed.data.prompt,
      system: parsed.data.system?.trim() ? parsed.data.system : null,
      sourceId: parsed.data.id ?? null,
    });
  });
  return { prompts, problems };
}

function parseCsv(content: string): ParsedPromptFile {
  const read = readCsvRecords(content.replace(/^\uFEFF/, ""));
  if (!read.ok) return { prompts: [], problems: [{ line: read.line, message: read.message }] };
  const [header, ...rows] = read.records;
  if (!header) return { prompts: [], problems: [] };
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const column = (name: string) => columns.indexOf(name);
  if (column("prompt") < 0) {
    return {
      prompts: [],
      problems: [
        {
          line: header.line,
          message: `the first line must name the columns, one of them "prompt" (found: ${columns.join(", ") || "nothing"})`,
        },
      ],
    };
  }
  const prompts: ParsedPrompt[] = [];
  const problems: PromptFileProblem[] = [];
  for (const row of rows) {
    if (row.fields.length !== columns.length) {
      problems.push({
        line: row.line,
        message: `${row.fields.length} fields where the header has ${columns.length}; quote a field that holds a comma`,
      });
      continue;
    }
    const field = (name: string) => {
      const index = column(name);
      return index < 0 ? undefined : row.fields[index];
    };
    const id = field("id");
    const system = field("system");
    const value = {
      prompt: field("prompt"),
      ...(system?.trim() ? { system } : {}),
      ...(id?.trim() ? { id } : {}),
    };
    const parsed = promptLine.safeParse(value);
    if (!parsed.success) {
      problems.push({ line: row.line, message: firstIssue(parsed.error, value) });
      continue;
    }
    prompts.push({
      line: row.line,
      prompt: parsed.data.prompt,
      system: parsed.data.system ?? null,
      sourceId: parsed.data.id ?? null,
    });
  }
  return { prompts, problems };
}

function parseText(content: string): ParsedPromptFile {
  const prompts: ParsedPrompt[] = [];
  const problems: PromptFileProblem[] = [];
  lines(content).forEach((text, index) => {
    const line = index + 1;
    const prompt = text.trim();
    if (prompt === "" || prompt.startsWith("#")) return;
    if (prompt.length > MAX_PROMPT_CHARS) {
      problems.push({
        line,
        message: `the prompt is longer than ${MAX_PROMPT_CHARS.toLocaleString("en-US")} characters`,
      });
      return;
    }
    prompts.push({ line, prompt, system: null, sourceId: null });
  });
  return { prompts, problems };
}

/** What no single line shows: repeated ids, too many prompts, none at all. */
function withCrossChecks(file: ParsedPromptFile): ParsedPromptFile {
  const problems = [...file.problems];
  const seen = new Map<string, number>();
  for (const prompt of file.prompts) {
    if (prompt.sourceId === null) continue;
    const first = seen.get(prompt.sourceId);
    if (first === undefined) seen.set(prompt.sourceId, prompt.line);
    else {
      problems.push({
        line: prompt.line,
        message: `the id "${prompt.sourceId}" is already used on line ${first}; ids must be unique`,
      });
    }
  }
  if (file.prompts.length > MAX_PROMPTS) {
    const extra = file.prompts[MAX_PROMPTS];
    problems.push({
      line: extra?.line ?? 0,
      message: `a batch holds at most ${MAX_PROMPTS.toLocaleString("en-US")} prompts; this is prompt ${MAX_PROMPTS + 1} (split the file)`,
    });
  }
  problems.sort((a, b) => a.line - b.line);
  return { prompts: file.prompts, problems };
}

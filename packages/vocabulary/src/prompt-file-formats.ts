// The formats a prompts batch's input can come in, and which one a file's name says: shared by
// the parsers (queue), the CLI and the web form, which reads a chosen file in the browser.

export const PROMPT_FILE_FORMATS = ["jsonl", "csv", "text"] as const;
export type PromptFileFormat = (typeof PROMPT_FILE_FORMATS)[number];

/** The format a file's name says (.jsonl/.ndjson, .csv, .txt/.text/.md), or undefined. */
export function promptFileFormatOf(fileName: string): PromptFileFormat | undefined {
  const extension = fileName.toLowerCase().split(".").at(-1) ?? "";
  if (extension === "jsonl" || extension === "ndjson") return "jsonl";
  if (extension === "csv") return "csv";
  if (extension === "txt" || extension === "text" || extension === "md") return "text";
  return undefined;
}

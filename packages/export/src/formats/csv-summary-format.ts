// The CSV metadata summary: one row per conversation (no message text) for a quick review in a
// spreadsheet, including whether each conversation was simulated or edited by a human.
import { createdAtIso, type ExportConversation } from "../export-conversation.ts";
import { type ExportFormat, type FormatWriter, WRITTEN } from "../format-writer.ts";
import { writeChunk } from "../streams/write-chunk.ts";
import {
  type ValidationIssue,
  type ValidationResult,
  validationResult,
} from "../validation-issue.ts";
import { csvRecord, parseCsv } from "./csv-text.ts";

export const CSV_SUMMARY_COLUMNS = [
  "id",
  "readable_id",
  "title",
  "tier",
  "status",
  "persona",
  "arc",
  "topic",
  "edge_case",
  "turns",
  "quality_score",
  "simulated",
  "human_edited",
  "cost_usd",
  "created_at",
] as const;

export function csvSummaryRow(
  conversation: ExportConversation,
): Array<string | number | boolean | null> {
  return [
    conversation.id,
    conversation.readableId ?? null,
    conversation.title,
    conversation.tier,
    conversation.status,
    conversation.persona.name,
    conversation.arc.name,
    conversation.topic.name,
    conversation.edgeCase?.name ?? null,
    conversation.turns.length,
    conversation.qualityScore,
    conversation.simulated,
    conversation.isHumanEdited,
    conversation.costUsd === null ? null : Number(conversation.costUsd.toFixed(6)),
    createdAtIso(conversation),
  ];
}

const NUMERIC_COLUMNS = new Set(["turns", "quality_score", "cost_usd"]);
const BOOLEAN_COLUMNS = new Set(["simulated", "human_edited"]);

/** The header must match, every row must have every column, and typed columns must parse. */
export function validateCsvSummary(text: string): ValidationResult {
  let rows: string[][];
  try {
    rows = parseCsv(text);
  } catch (error) {
    return validationResult([{ path: "", message: (error as Error).message }]);
  }
  const [header, ...records] = rows;
  if (!header || header.join(",") !== CSV_SUMMARY_COLUMNS.join(",")) {
    return validationResult([
      { line: 1, path: "", message: `The header must be: ${CSV_SUMMARY_COLUMNS.join(",")}` },
    ]);
  }
  const issues: ValidationIssue[] = [];
  records.forEach((fields, index) => {
    const line = index + 2;
    if (fields.length !== CSV_SUMMARY_COLUMNS.length) {
      issues.push({
        line,
        path: "",
        message: `Expected ${CSV_SUMMARY_COLUMNS.length} fields, found ${fields.length}`,
      });
      return;
    }
    CSV_SUMMARY_COLUMNS.forEach((column, c) => {
      const value = fields[c] ?? "";
      if (column === "id" && value === "")
        issues.push({ line, path: column, message: "The id is empty" });
      if (NUMERIC_COLUMNS.has(column) && value !== "" && !Number.isFinite(Number(value))) {
        issues.push({ line, path: column, message: `Not a number: ${value}` });
      }
      if (BOOLEAN_COLUMNS.has(column) && value !== "true" && value !== "false") {
        issues.push({ line, path: column, message: `Must be true or false, got ${value}` });
      }
    });
  });
  return validationResult(issues);
}

export const csvSummaryFormat: ExportFormat = {
  id: "csv",
  extension: ".csv",
  contentType: "text/csv; charset=utf-8",
  description: "CSV metadata summary, one row per conversation (no message text)",
  createWriter(output): FormatWriter {
    let headerWritten = false;
    const writeHeader = async () => {
      if (headerWritten) return;
      headerWritten = true;
      await writeChunk(output, csvRecord(CSV_SUMMARY_COLUMNS));
    };
    return {
      async write(conversation) {
        await writeHeader();
        await writeChunk(output, csvRecord(csvSummaryRow(conversation)));
        return WRITTEN;
      },
      finish: writeHeader,
    };
  },
};

// Validates an exported file by format id, e.g. before uploading it to a training service or
// from the CLI: JSON Lines are checked line by line as a stream, the other formats as a whole.
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import type { ExportFormatId } from "./format-registry.ts";
import { validateCsvSummary } from "./formats/csv-summary-format.ts";
import { validateJsonArray } from "./formats/json-array-format.ts";
import {
  type MessagesValidationOptions,
  validateMessagesRecord,
} from "./formats/messages-format.ts";
import { validateShareGptRecord } from "./formats/sharegpt-format.ts";
import { validateTrainingPairsRecord } from "./formats/training-pairs-format.ts";
import { validateJsonLines } from "./formats/validate-json-lines.ts";
import { type ValidationResult, validationResult } from "./validation-issue.ts";

const PARQUET_MAGIC = Buffer.from("PAR1");

export async function validateExportFile(
  format: ExportFormatId,
  input: Readable | string | Buffer,
  options: MessagesValidationOptions = {},
): Promise<ValidationResult> {
  const readable = (): Readable | string =>
    Buffer.isBuffer(input) ? input.toString("utf8") : input;
  switch (format) {
    case "messages":
      return validateJsonLines(readable(), (record) => validateMessagesRecord(record, options));
    case "sharegpt":
      return validateJsonLines(readable(), validateShareGptRecord);
    case "training_pairs":
      return validateJsonLines(readable(), validateTrainingPairsRecord);
    case "json":
      return validateJsonArray(await asText(input));
    case "csv":
      return validateCsvSummary(await asText(input));
    case "parquet":
      return validateParquetEnvelope(input);
  }
}

async function asText(input: Readable | string | Buffer): Promise<string> {
  if (typeof input === "string") return input;
  if (Buffer.isBuffer(input)) return input.toString("utf8");
  return text(input);
}

/** Only the envelope (PAR1 at both ends): reading the columns needs a Parquet reader. */
async function validateParquetEnvelope(
  input: Readable | string | Buffer,
): Promise<ValidationResult> {
  let head = Buffer.alloc(0);
  let tail = Buffer.alloc(0);
  const source =
    typeof input === "string"
      ? Readable.from([Buffer.from(input)])
      : Buffer.isBuffer(input)
        ? Readable.from([input])
        : input;
  for await (const chunk of source) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    if (head.length < 4) head = Buffer.concat([head, bytes.subarray(0, 4 - head.length)]);
    tail = Buffer.concat([tail, bytes]).subarray(-4);
  }
  const valid = head.equals(PARQUET_MAGIC) && tail.equals(PARQUET_MAGIC);
  return validationResult(
    valid ? [] : [{ path: "", message: "Not a Parquet file (missing PAR1 magic bytes)" }],
  );
}

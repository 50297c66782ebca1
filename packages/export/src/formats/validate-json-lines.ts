// Validates a JSON Lines file line by line with a per-record validator, streaming, so a
// multi-gigabyte export can be checked before it is uploaded to a training service.
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import {
  type ValidationIssue,
  type ValidationResult,
  validationResult,
} from "../validation-issue.ts";

export type RecordValidator = (record: unknown) => ValidationIssue[];

/** Stops collecting after this many issues: a broken file would otherwise produce millions. */
const MAX_ISSUES = 1000;

export async function validateJsonLines(
  input: Readable | string,
  validateRecord: RecordValidator,
): Promise<ValidationResult & { lines: number }> {
  const issues: ValidationIssue[] = [];
  let lines = 0;
  let lineNumber = 0;
  const source =
    typeof input === "string" ? input.split("\n") : createInterface({ input, crlfDelay: Infinity });
  for await (const text of source) {
    lineNumber++;
    if (text.trim() === "") continue;
    lines++;
    if (issues.length >= MAX_ISSUES) continue;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (error) {
      issues.push({
        line: lineNumber,
        path: "",
        message: `Not valid JSON: ${(error as Error).message}`,
      });
      continue;
    }
    for (const issue of validateRecord(record)) issues.push({ ...issue, line: lineNumber });
  }
  if (lines === 0) issues.push({ path: "", message: "The file contains no records" });
  return { ...validationResult(issues), lines };
}

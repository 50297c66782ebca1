// Every export format by id, with the union of their options, so callers (the API, the CLI,
// the package builder) pick a format by name and pass one options object.
import { EXPORT_FORMAT_IDS, type ExportFormatId } from "@parley/vocabulary";
import { ExportError } from "./export-error.ts";
import type { ExportFormat } from "./format-writer.ts";
import { csvSummaryFormat } from "./formats/csv-summary-format.ts";
import { jsonArrayFormat } from "./formats/json-array-format.ts";
import { type MessagesFormatOptions, messagesFormat } from "./formats/messages-format.ts";
import { type ParquetFormatOptions, parquetFormat } from "./formats/parquet-format.ts";
import { type ShareGptFormatOptions, shareGptFormat } from "./formats/sharegpt-format.ts";
import {
  type TrainingPairsFormatOptions,
  trainingPairsFormat,
} from "./formats/training-pairs-format.ts";

// The ids are listed in @parley/vocabulary because db's `exports.format` column holds them too and
// db must not import export; the record below makes a new id without a writer a type error.
export { EXPORT_FORMAT_IDS, type ExportFormatId };

/** Options for any format; each format reads the ones it knows and ignores the rest. */
export type ExportOptions = MessagesFormatOptions &
  ShareGptFormatOptions &
  TrainingPairsFormatOptions &
  ParquetFormatOptions;

export const EXPORT_FORMATS: Readonly<Record<ExportFormatId, ExportFormat<ExportOptions>>> = {
  messages: messagesFormat,
  sharegpt: shareGptFormat,
  training_pairs: trainingPairsFormat,
  json: jsonArrayFormat,
  csv: csvSummaryFormat,
  parquet: parquetFormat,
};

export function isExportFormatId(value: string): value is ExportFormatId {
  return (EXPORT_FORMAT_IDS as readonly string[]).includes(value);
}

export function getExportFormat(id: string): ExportFormat<ExportOptions> {
  if (!isExportFormatId(id)) {
    throw new ExportError(
      "unknown_format",
      `Unknown export format "${id}"; choose one of ${EXPORT_FORMAT_IDS.join(", ")}`,
    );
  }
  return EXPORT_FORMATS[id];
}

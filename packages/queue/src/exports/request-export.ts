// Starts a stored export: records the request in `exports` (queued) and enqueues "export.run",
// which a worker picks up. The web app's export page goes through here.
import { createExport, type DB, type Export } from "@parley/db";
import type { Kysely } from "kysely";
import type { Queue } from "../queue.ts";
import {
  type ExportFilters,
  type ExportRunOptions,
  exportFiltersSchema,
  exportFormatSchema,
  exportRunOptionsSchema,
} from "./export-request.ts";

export interface RequestExportOptions {
  workspaceId: string;
  format: string;
  filters?: ExportFilters;
  options?: ExportRunOptions;
  name?: string;
  createdBy?: string | null;
}

export async function requestExport(
  db: Kysely<DB>,
  queue: Queue,
  request: RequestExportOptions,
): Promise<Export> {
  const row = await createExport(db, {
    workspaceId: request.workspaceId,
    format: exportFormatSchema.parse(request.format),
    filters: exportFiltersSchema.parse(request.filters ?? {}),
    options: exportRunOptionsSchema.parse(request.options ?? {}),
    ...(request.name ? { name: request.name } : {}),
    createdBy: request.createdBy ?? null,
  });
  await queue.send("export.run", { workspaceId: request.workspaceId, exportId: row.id });
  return row;
}

// Counts what an export's filters leave out, reason by reason (near-duplicates, status, quality),
// by counting the same selection with that one restriction lifted.
import { type ConversationFilters, countConversationsForExport, type DB } from "@parley/db";
import type { ExportSelectionSummary, LeftOutGroup } from "@parley/export";
import type { Kysely } from "kysely";

export async function summariseExportSelection(
  db: Kysely<DB>,
  options: {
    workspaceId: string;
    filters?: ConversationFilters;
    written: number;
    /** Matched conversations the format could not hold. */
    skipped: number;
  },
): Promise<ExportSelectionSummary> {
  const filters = options.filters ?? {};
  const count = (relaxed: ConversationFilters) =>
    countConversationsForExport(db, { workspaceId: options.workspaceId, filters: relaxed });
  const matched = await count(filters);
  const leftOut: LeftOutGroup[] = [];
  if (filters.includeDuplicates !== true) {
    const withDuplicates = await count({ ...filters, includeDuplicates: true });
    leftOut.push({ reason: "near_duplicates", count: withDuplicates - matched });
  }
  if (filters.statuses?.length) {
    const { statuses: _statuses, ...anyStatus } = filters;
    leftOut.push({ reason: "status", count: (await count(anyStatus)) - matched });
  }
  if (filters.minQuality !== undefined || filters.maxQuality !== undefined) {
    const { minQuality: _min, maxQuality: _max, ...anyQuality } = filters;
    leftOut.push({ reason: "quality", count: (await count(anyQuality)) - matched });
  }
  // Archived by hand: never exported, counted among whatever else the filters would match.
  const { statuses: _anyStatus, ...archivedToo } = filters;
  leftOut.push({
    reason: "archived",
    count: await count({ ...archivedToo, archivedByHand: true }),
  });
  if (options.skipped > 0) leftOut.push({ reason: "format", count: options.skipped });
  return { matched, written: options.written, leftOut: leftOut.filter((group) => group.count > 0) };
}

// Streams conversations from any (async) iterable through one format into a Node stream,
// reporting progress, and returns what a stored export records: rows, bytes and SHA-256.
import type { Writable } from "node:stream";
import type { ExportConversation } from "./export-conversation.ts";
import { type ExportFormatId, type ExportOptions, getExportFormat } from "./format-registry.ts";
import type { ExportFormat } from "./format-writer.ts";
import { endStream, MeteredWritable } from "./streams/metered-writable.ts";

export interface ExportProgress {
  rows: number;
  skipped: number;
  bytes: number;
}

export interface SkippedConversation {
  id: string;
  reason: string;
}

export interface ExportResult extends ExportProgress {
  sha256: string;
  /** The first skipped conversations with the reason (capped, the count is in `skipped`). */
  skippedConversations: SkippedConversation[];
}

export interface ExportToStreamOptions {
  options?: ExportOptions;
  onProgress?: (progress: ExportProgress) => void;
  /** Report progress every N conversations read (default 100) and once at the end. */
  progressEvery?: number;
  signal?: AbortSignal;
  /** Default true: end `output` when done. False leaves it open (e.g. process.stdout). */
  endOutput?: boolean;
}

const MAX_SKIPPED_LISTED = 100;

export async function exportToStream(
  conversations: AsyncIterable<ExportConversation> | Iterable<ExportConversation>,
  format: ExportFormatId | ExportFormat<ExportOptions>,
  output: Writable,
  settings: ExportToStreamOptions = {},
): Promise<ExportResult> {
  const exportFormat = typeof format === "string" ? getExportFormat(format) : format;
  const metered = new MeteredWritable(output, { endTarget: settings.endOutput ?? true });
  const writer = exportFormat.createWriter(metered, settings.options ?? {});
  const every = Math.max(1, settings.progressEvery ?? 100);
  const skippedConversations: SkippedConversation[] = [];
  let rows = 0;
  let skipped = 0;
  let seen = 0;
  const progress = (): ExportProgress => ({ rows, skipped, bytes: metered.digest().bytes });

  try {
    for await (const conversation of conversations) {
      settings.signal?.throwIfAborted();
      const outcome = await writer.write(conversation);
      if (outcome.written) rows++;
      else {
        skipped++;
        if (skippedConversations.length < MAX_SKIPPED_LISTED) {
          skippedConversations.push({ id: conversation.id, reason: outcome.reason });
        }
      }
      if (++seen % every === 0) settings.onProgress?.(progress());
    }
    await writer.finish();
    await endStream(metered);
  } catch (error) {
    metered.destroy();
    throw error;
  }
  settings.onProgress?.(progress());
  return { ...progress(), sha256: metered.digest().sha256, skippedConversations };
}

// Shared writer for the JSON Lines formats: one JSON object per line, records that cannot be
// represented in the format are skipped with a reason rather than written half-valid.
import type { Writable } from "node:stream";
import type { ExportConversation } from "../export-conversation.ts";
import { type FormatWriter, WRITTEN, type WriteOutcome } from "../format-writer.ts";
import { writeChunk } from "../streams/write-chunk.ts";

export type RecordOrSkip = { record: unknown } | { skip: string };

export function createJsonLinesWriter(
  output: Writable,
  toRecord: (conversation: ExportConversation) => RecordOrSkip,
): FormatWriter {
  return {
    async write(conversation): Promise<WriteOutcome> {
      const result = toRecord(conversation);
      if ("skip" in result) return { written: false, reason: result.skip };
      // JSON.stringify escapes U+2028/9 since ES2019, so a line never contains a raw line break.
      await writeChunk(output, `${JSON.stringify(result.record)}\n`);
      return WRITTEN;
    },
    async finish() {},
  };
}

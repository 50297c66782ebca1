// The contract every export format implements: a streaming writer over an output stream, and
// the metadata (extension, content type) a download or a dataset package needs.
import type { Writable } from "node:stream";
import type { ExportConversation } from "./export-conversation.ts";

/** Whether a conversation made it into the output, and why not when it did not. */
export type WriteOutcome = { written: true } | { written: false; reason: string };

export interface FormatWriter {
  /** Serialises one conversation; resolves once the output has accepted it (backpressure). */
  write(conversation: ExportConversation): Promise<WriteOutcome>;
  /** Writes whatever closes the format (a `]`, a Parquet footer); does not end the output. */
  finish(): Promise<void>;
}

export interface ExportFormat<TOptions = unknown> {
  id: string;
  /** File extension including the dot, e.g. ".jsonl". */
  extension: string;
  contentType: string;
  description: string;
  createWriter(output: Writable, options?: TOptions): FormatWriter;
}

export const WRITTEN: WriteOutcome = { written: true };

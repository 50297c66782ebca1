// The Parquet format: one row per conversation with `messages` as a list of {role, content}
// structs (what the HuggingFace dataset viewer and TRL read), written in row groups so memory
// stays bounded by the group size, not by the dataset.
import type { Writable } from "node:stream";
import { ByteWriter, type ColumnSource, ParquetWriter, type SchemaElement } from "hyparquet-writer";
import { createdAtIso, type ExportConversation } from "../export-conversation.ts";
import { type ExportFormat, type FormatWriter, WRITTEN } from "../format-writer.ts";
import { writeChunk } from "../streams/write-chunk.ts";
import { describeIssues, isPlainObject, type ValidationIssue } from "../validation-issue.ts";
import {
  chatTranscript,
  foldSystemPrompt,
  resolveSystemPrompt,
  type SystemPromptOptions,
  type TranscriptOptions,
} from "./chat-transcript.ts";
import { validateMessagesRecord } from "./messages-format.ts";

export interface ParquetFormatOptions extends TranscriptOptions, SystemPromptOptions {
  /** Rows per row group (default 500): the unit the writer buffers and the viewer pages by. */
  rowGroupSize?: number;
}

export interface ParquetRow {
  id: string;
  tier: string;
  status: string;
  title: string;
  persona: string;
  arc: string;
  topic: string;
  edge_case: string | null;
  /** Scenario context: the uploaded document and the chunk (null without one). */
  document_id: string | null;
  chunk_id: string | null;
  messages: Array<{ role: string; content: string }>;
  num_turns: number;
  quality_score: number | null;
  simulated: boolean;
  human_edited: boolean;
  model: string | null;
  created_at: string;
}

const DEFAULT_ROW_GROUP_SIZE = 500;

function stringColumn(name: string, required = true): SchemaElement {
  return {
    name,
    type: "BYTE_ARRAY",
    converted_type: "UTF8",
    repetition_type: required ? "REQUIRED" : "OPTIONAL",
  };
}

/** Explicit schema: a nested list of structs cannot be inferred, and types must not drift by batch. */
export const PARQUET_SCHEMA: SchemaElement[] = [
  { name: "root", num_children: 17 },
  stringColumn("id"),
  stringColumn("tier"),
  stringColumn("status"),
  stringColumn("title"),
  stringColumn("persona"),
  stringColumn("arc"),
  stringColumn("topic"),
  stringColumn("edge_case", false),
  stringColumn("document_id", false),
  stringColumn("chunk_id", false),
  // The standard three-level LIST: messages (LIST) → list (REPEATED) → element (struct).
  { name: "messages", repetition_type: "REQUIRED", converted_type: "LIST", num_children: 1 },
  { name: "list", repetition_type: "REPEATED", num_children: 1 },
  { name: "element", repetition_type: "REQUIRED", num_children: 2 },
  stringColumn("role"),
  stringColumn("content"),
  { name: "num_turns", type: "INT32", repetition_type: "REQUIRED" },
  { name: "quality_score", type: "DOUBLE", repetition_type: "OPTIONAL" },
  { name: "simulated", type: "BOOLEAN", repetition_type: "REQUIRED" },
  { name: "human_edited", type: "BOOLEAN", repetition_type: "REQUIRED" },
  stringColumn("model", false),
  stringColumn("created_at"),
];

const COLUMN_NAMES: ReadonlyArray<keyof ParquetRow> = [
  "id",
  "tier",
  "status",
  "title",
  "persona",
  "arc",
  "topic",
  "edge_case",
  "document_id",
  "chunk_id",
  "messages",
  "num_turns",
  "quality_score",
  "simulated",
  "human_edited",
  "model",
  "created_at",
];

export function toParquetRow(
  conversation: ExportConversation,
  options: ParquetFormatOptions = {},
): ParquetRow {
  let turns = chatTranscript(conversation, options);
  const system = resolveSystemPrompt(conversation, options.systemPrompt);
  const mode = options.systemMode ?? "include";
  if (system && mode === "fold") turns = foldSystemPrompt(turns, system);
  const messages = turns.map((turn) => ({ role: turn.role as string, content: turn.content }));
  if (system && mode === "include") messages.unshift({ role: "system", content: system });
  return {
    id: conversation.id,
    tier: conversation.tier,
    status: conversation.status,
    title: conversation.title,
    persona: conversation.persona.key,
    arc: conversation.arc.key,
    topic: conversation.topic.key,
    edge_case: conversation.edgeCase?.key ?? null,
    document_id: conversation.sourceChunk?.documentId ?? null,
    chunk_id: conversation.sourceChunk?.chunkId ?? null,
    messages,
    num_turns: conversation.turns.length,
    quality_score: conversation.qualityScore,
    simulated: conversation.simulated,
    human_edited: conversation.isHumanEdited,
    model: conversation.model,
    created_at: createdAtIso(conversation),
  };
}

/** A row must carry an id and a trainable `messages` list (same rules as the messages format). */
export function validateParquetRow(
  row: unknown,
  options: { requireAlternation?: boolean } = {},
): ValidationIssue[] {
  if (!isPlainObject(row)) return [{ path: "", message: "A row must be an object" }];
  const issues: ValidationIssue[] = [];
  if (typeof row.id !== "string" || row.id === "")
    issues.push({ path: "id", message: "The id is empty" });
  if (typeof row.simulated !== "boolean")
    issues.push({ path: "simulated", message: "Must be a boolean" });
  issues.push(
    ...validateMessagesRecord({ messages: row.messages }, { allowMetadata: false, ...options }),
  );
  return issues;
}

/** A hyparquet ByteWriter that hands each finished row group to a Node stream and reuses its buffer. */
class StreamByteWriter extends ByteWriter {
  #output: Writable;

  constructor(output: Writable) {
    super();
    this.#output = output;
  }

  flush(): Promise<void> {
    // Copy: the buffer is overwritten by the next row group while the stream may still hold it.
    const bytes = new Uint8Array(this.buffer.slice(0, this.index));
    this.index = 0;
    return bytes.length > 0 ? writeChunk(this.#output, bytes) : Promise.resolve();
  }

  override finish(): Promise<void> {
    return this.flush();
  }
}

export const parquetFormat: ExportFormat<ParquetFormatOptions> = {
  id: "parquet",
  extension: ".parquet",
  contentType: "application/vnd.apache.parquet",
  description:
    "Parquet with messages as a list of {role, content} structs (HuggingFace dataset viewer)",
  createWriter(output, options = {}): FormatWriter {
    const rowGroupSize = Math.max(1, Math.floor(options.rowGroupSize ?? DEFAULT_ROW_GROUP_SIZE));
    const requireAlternation = options.strictAlternation ?? true;
    const parquet = new ParquetWriter({
      writer: new StreamByteWriter(output),
      schema: PARQUET_SCHEMA,
      createdBy: "parley",
    });
    let pending: ParquetRow[] = [];

    const writeGroup = async () => {
      if (pending.length === 0) return;
      const rows = pending;
      pending = [];
      const columnData: ColumnSource[] = COLUMN_NAMES.map((name) => ({
        name,
        data: rows.map((row) => row[name]),
      }));
      await parquet.write({ columnData, rowGroupSize: rows.length });
    };

    return {
      async write(conversation) {
        const row = toParquetRow(conversation, options);
        const issues = validateParquetRow(row, { requireAlternation });
        if (issues.length > 0) return { written: false, reason: describeIssues(issues) };
        pending.push(row);
        if (pending.length >= rowGroupSize) await writeGroup();
        return WRITTEN;
      },
      async finish() {
        await writeGroup();
        await parquet.finish();
      },
    };
  },
};

// The ShareGPT JSON Lines format: {"conversations":[{"from":"human"|"gpt","value"}],"system"} as
// read by LLaMA-Factory (formatting: sharegpt) and older axolotl configs, with its validator.
import type { ExportConversation } from "../export-conversation.ts";
import type { ExportFormat } from "../format-writer.ts";
import { describeIssues, isPlainObject, type ValidationIssue } from "../validation-issue.ts";
import {
  chatTranscript,
  foldSystemPrompt,
  resolveSystemPrompt,
  type SystemPromptOptions,
  type TranscriptOptions,
} from "./chat-transcript.ts";
import { createJsonLinesWriter } from "./json-lines-writer.ts";
import { type RecordMetadata, recordMetadata } from "./record-metadata.ts";

export interface ShareGptFormatOptions extends TranscriptOptions, SystemPromptOptions {
  /** Default true: a `metadata` object next to `conversations` (LLaMA-Factory ignores it). */
  includeMetadata?: boolean;
}

export interface ShareGptMessage {
  from: "human" | "gpt";
  value: string;
}

export interface ShareGptRecord {
  conversations: ShareGptMessage[];
  system?: string;
  metadata?: RecordMetadata;
}

export function toShareGptRecord(
  conversation: ExportConversation,
  options: ShareGptFormatOptions = {},
): ShareGptRecord {
  let turns = chatTranscript(conversation, options);
  const system = resolveSystemPrompt(conversation, options.systemPrompt);
  const mode = options.systemMode ?? "include";
  if (system && mode === "fold") turns = foldSystemPrompt(turns, system);
  const record: ShareGptRecord = {
    conversations: turns.map((turn) => ({
      from: turn.role === "user" ? "human" : "gpt",
      value: turn.content,
    })),
  };
  if (system && mode === "include") record.system = system;
  if (options.includeMetadata ?? true) record.metadata = recordMetadata(conversation);
  return record;
}

const MESSAGE_KEYS = new Set(["from", "value"]);

/** Checks what LLaMA-Factory's sharegpt loader needs: human/gpt turns alternating from human. */
export function validateShareGptRecord(record: unknown): ValidationIssue[] {
  if (!isPlainObject(record)) return [{ path: "", message: "Each line must be a JSON object" }];
  const issues: ValidationIssue[] = [];
  if ("system" in record && typeof record.system !== "string") {
    issues.push({ path: "system", message: "`system` must be a string" });
  }
  const conversations = record.conversations;
  if (!Array.isArray(conversations) || conversations.length === 0) {
    return [
      ...issues,
      { path: "conversations", message: "`conversations` must be a non-empty list" },
    ];
  }
  let alternationReported = false;
  conversations.forEach((message: unknown, index) => {
    const path = `conversations[${index}]`;
    if (!isPlainObject(message)) {
      issues.push({ path, message: "A turn must be an object" });
      return;
    }
    for (const key of Object.keys(message)) {
      if (!MESSAGE_KEYS.has(key))
        issues.push({ path: `${path}.${key}`, message: `Unrecognised turn key "${key}"` });
    }
    const expected = index % 2 === 0 ? "human" : "gpt";
    if (message.from !== "human" && message.from !== "gpt") {
      issues.push({
        path: `${path}.from`,
        message: `"from" must be "human" or "gpt", got ${JSON.stringify(message.from)}`,
      });
    } else if (message.from !== expected && !alternationReported) {
      alternationReported = true;
      issues.push({
        path: `${path}.from`,
        message: `Expected "${expected}" here: turns must alternate human/gpt, starting with human`,
      });
    }
    if (typeof message.value !== "string" || message.value.trim() === "") {
      issues.push({ path: `${path}.value`, message: "`value` must be a non-empty string" });
    }
  });
  if (conversations.length % 2 !== 0 && !alternationReported) {
    issues.push({ path: "conversations", message: "The conversation must end with a gpt turn" });
  }
  return issues;
}

export const shareGptFormat: ExportFormat<ShareGptFormatOptions> = {
  id: "sharegpt",
  extension: ".jsonl",
  contentType: "application/jsonl",
  description: "ShareGPT JSON Lines (human/gpt turns) for LLaMA-Factory and older axolotl configs",
  createWriter(output, options = {}) {
    return createJsonLinesWriter(output, (conversation) => {
      const record = toShareGptRecord(conversation, options);
      const issues = validateShareGptRecord(record);
      return issues.length === 0 ? { record } : { skip: describeIssues(issues) };
    });
  },
};

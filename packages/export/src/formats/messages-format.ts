// The `messages` JSON Lines format: {"messages":[{role, content}, ...]} as read by HuggingFace TRL,
// OpenAI fine-tuning and axolotl's chat_template datasets, with its validator.
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

export type AssistantWeighting =
  | "none"
  | "all"
  | "last"
  | ((assistantIndex: number, assistantCount: number, conversation: ExportConversation) => 0 | 1);

export interface MessagesFormatOptions extends TranscriptOptions, SystemPromptOptions {
  /**
   * Adds OpenAI's `weight` (0 or 1) to assistant messages: `all` trains on every answer, `last`
   * only on the final one, a function decides per answer. Default `none` (no weight key).
   */
  assistantWeights?: AssistantWeighting;
  /**
   * Default true: a `metadata` object (id, tier, simulated, human_edited, ...) next to `messages`.
   * Turn it off for an OpenAI fine-tuning upload, which rejects keys it does not know.
   */
  includeMetadata?: boolean;
}

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
  weight?: 0 | 1;
}

export interface MessagesRecord {
  messages: ChatMessage[];
  metadata?: RecordMetadata;
}

export function toMessagesRecord(
  conversation: ExportConversation,
  options: MessagesFormatOptions = {},
): MessagesRecord {
  let turns = chatTranscript(conversation, options);
  const system = resolveSystemPrompt(conversation, options.systemPrompt);
  const mode = options.systemMode ?? "include";
  if (system && mode === "fold") turns = foldSystemPrompt(turns, system);

  const messages: ChatMessage[] =
    system && mode === "include" ? [{ role: "system", content: system }] : [];
  const weighting = options.assistantWeights ?? "none";
  const assistantCount = turns.filter((turn) => turn.role === "assistant").length;
  let assistantIndex = 0;
  for (const turn of turns) {
    if (turn.role === "assistant" && weighting !== "none") {
      const weight = assistantWeight(weighting, assistantIndex++, assistantCount, conversation);
      messages.push({ role: "assistant", content: turn.content, weight });
    } else {
      messages.push({ role: turn.role, content: turn.content });
    }
  }
  const record: MessagesRecord = { messages };
  if (options.includeMetadata ?? true) record.metadata = recordMetadata(conversation);
  return record;
}

function assistantWeight(
  weighting: Exclude<AssistantWeighting, "none">,
  index: number,
  count: number,
  conversation: ExportConversation,
): 0 | 1 {
  if (weighting === "all") return 1;
  if (weighting === "last") return index === count - 1 ? 1 : 0;
  return weighting(index, count, conversation);
}

export interface MessagesValidationOptions {
  /** Accept the top-level `metadata` key (default true; OpenAI uploads want false). */
  allowMetadata?: boolean;
  /** Require user/assistant alternation ending with the assistant (default true). */
  requireAlternation?: boolean;
}

const TOP_LEVEL_KEYS = new Set(["messages"]);
const MESSAGE_KEYS = new Set(["role", "content", "name", "weight"]);
const ROLES = new Set(["system", "user", "assistant"]);

/**
 * The checks OpenAI applies to chat fine-tuning data (known keys, known roles, non-empty string
 * content, an assistant message to learn from, weights of 0 or 1 on assistant messages only),
 * plus the alternation that chat templates require.
 */
export function validateMessagesRecord(
  record: unknown,
  options: MessagesValidationOptions = {},
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!isPlainObject(record)) return [{ path: "", message: "Each line must be a JSON object" }];
  for (const key of Object.keys(record)) {
    if (!TOP_LEVEL_KEYS.has(key) && !(key === "metadata" && (options.allowMetadata ?? true))) {
      issues.push({ path: key, message: `Unrecognised key "${key}"` });
    }
  }
  const messages = record.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    return [...issues, { path: "messages", message: "`messages` must be a non-empty list" }];
  }

  const roles: string[] = [];
  let weightedAssistants = 0;
  let hasWeights = false;
  messages.forEach((message: unknown, index) => {
    const path = `messages[${index}]`;
    if (!isPlainObject(message)) {
      issues.push({ path, message: "A message must be an object" });
      return;
    }
    for (const key of Object.keys(message)) {
      if (!MESSAGE_KEYS.has(key))
        issues.push({ path: `${path}.${key}`, message: `Unrecognised message key "${key}"` });
    }
    const role = message.role;
    if (typeof role !== "string" || !ROLES.has(role)) {
      issues.push({ path: `${path}.role`, message: `Unknown role ${JSON.stringify(role)}` });
    } else {
      roles.push(role);
      if (role === "system" && index !== 0) {
        issues.push({ path: `${path}.role`, message: "A system message may only come first" });
      }
    }
    if (typeof message.content !== "string" || message.content.trim() === "") {
      issues.push({ path: `${path}.content`, message: "Content must be a non-empty string" });
    }
    if ("weight" in message) {
      hasWeights = true;
      if (message.weight !== 0 && message.weight !== 1) {
        issues.push({ path: `${path}.weight`, message: "Weight must be 0 or 1" });
      } else if (role !== "assistant") {
        issues.push({
          path: `${path}.weight`,
          message: "Only assistant messages may carry a weight",
        });
      } else if (message.weight === 1) {
        weightedAssistants++;
      }
    }
  });

  if (!roles.includes("assistant")) {
    issues.push({ path: "messages", message: "There is no assistant message to learn from" });
  } else if (hasWeights && weightedAssistants === 0) {
    issues.push({
      path: "messages",
      message: "Every assistant message has weight 0: nothing to learn from",
    });
  }
  if ((options.requireAlternation ?? true) && roles.length === messages.length) {
    issues.push(...alternationIssues(roles));
  }
  return issues;
}

function alternationIssues(roles: string[]): ValidationIssue[] {
  const offset = roles[0] === "system" ? 1 : 0;
  const dialogue = roles.slice(offset);
  for (let i = 0; i < dialogue.length; i++) {
    const expected = i % 2 === 0 ? "user" : "assistant";
    if (dialogue[i] !== expected) {
      return [
        {
          path: `messages[${i + offset}].role`,
          message: `Expected a ${expected} message here: user and assistant must alternate, starting with the user`,
        },
      ];
    }
  }
  if (dialogue.at(-1) !== "assistant") {
    return [
      {
        path: `messages[${roles.length - 1}]`,
        message: "The conversation must end with an assistant message",
      },
    ];
  }
  return [];
}

export const messagesFormat: ExportFormat<MessagesFormatOptions> = {
  id: "messages",
  extension: ".jsonl",
  contentType: "application/jsonl",
  description:
    'Chat "messages" JSON Lines for HuggingFace TRL, OpenAI fine-tuning and axolotl chat_template',
  createWriter(output, options = {}) {
    const validation: MessagesValidationOptions = {
      allowMetadata: options.includeMetadata ?? true,
      requireAlternation: options.strictAlternation ?? true,
    };
    return createJsonLinesWriter(output, (conversation) => {
      const record = toMessagesRecord(conversation, options);
      const issues = validateMessagesRecord(record, validation);
      return issues.length === 0 ? { record } : { skip: describeIssues(issues) };
    });
  },
};

// Reads the conversation out of a Messages API response: the record_conversation tool input
// (or JSON text, for structured output), validated against the conversation schema.
import type Anthropic from "@anthropic-ai/sdk";
import {
  type GeneratedConversation,
  generatedConversationSchema,
  RECORD_CONVERSATION_TOOL,
} from "../conversation-schema.ts";
import { readToolOutput } from "./tool-output.ts";

export type ParsedConversation =
  | { ok: true; conversation: GeneratedConversation; rawText: string }
  | { ok: false; rawText: string; error: string };

type ResponseMessage = Pick<Anthropic.Message, "content" | "stop_reason">;

function stripFence(text: string): string {
  const fenced = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/.exec(text);
  return fenced?.[1] ?? text;
}

export function parseConversationResponse(message: ResponseMessage): ParsedConversation {
  const output = readToolOutput(message, RECORD_CONVERSATION_TOOL);
  const { tool, text, rawText } = output;
  const truncated = output.truncated
    ? "The answer hit max_tokens and was cut off; raise maxTokens for this tier. "
    : "";

  let candidate: unknown;
  if (tool) {
    candidate = tool.input;
  } else {
    if (!text.trim()) {
      return {
        ok: false,
        rawText,
        error: `${truncated}The model called no ${RECORD_CONVERSATION_TOOL} tool and wrote no text.`,
      };
    }
    try {
      candidate = JSON.parse(stripFence(text));
    } catch (err) {
      return {
        ok: false,
        rawText,
        error: `${truncated}The output is not valid JSON: ${(err as Error).message}`,
      };
    }
  }
  const parsed = generatedConversationSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, conversation: parsed.data, rawText };
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
  return {
    ok: false,
    rawText,
    error: `${truncated}The conversation does not match the schema: ${issues}`,
  };
}

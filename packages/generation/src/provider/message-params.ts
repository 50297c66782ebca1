// Turns a ConversationRequest into Messages API parameters: the static system block marked for
// prompt caching, the brief as the user message, and the forced record_conversation tool whose
// input schema is the conversation schema. No temperature/top_p/top_k: API 2026-10-21 rejects them.
import type Anthropic from "@anthropic-ai/sdk";
import { z } from "zod";
import {
  type ConversationRequest,
  generatedConversationSchema,
  RECORD_CONVERSATION_TOOL,
} from "../conversation-schema.ts";
import { SDK_DEFAULT_MODEL } from "../models/model-catalogue.ts";

/** The newest non-deprecated Sonnet-class model the installed SDK knows. */
export const DEFAULT_MODEL = SDK_DEFAULT_MODEL;

export type MessageParams = Anthropic.MessageCreateParamsNonStreaming;

const RECORD_CONVERSATION_DESCRIPTION =
  "Record the complete conversation you wrote. Call this exactly once, with every turn in order, " +
  "starting with the user and ending with the assistant, each turn annotated with its emotion.";

function conversationInputSchema(): Anthropic.Tool.InputSchema {
  // "input": the model produces what our schema parses, so defaulted fields may be omitted.
  const { $schema: _ignored, ...schema } = z.toJSONSchema(generatedConversationSchema, {
    io: "input",
  }) as Record<string, unknown>;
  return schema as Anthropic.Tool.InputSchema;
}

/** Built once: the schema is static, and identical tool JSON keeps the cached prefix identical. */
export const RECORD_CONVERSATION_TOOL_DEFINITION: Anthropic.Tool = {
  name: RECORD_CONVERSATION_TOOL,
  description: RECORD_CONVERSATION_DESCRIPTION,
  input_schema: conversationInputSchema(),
};

/** The Messages API parameters for one conversation; the same for realtime and batch calls. */
export function toMessageParams(
  request: ConversationRequest,
  defaultModel: string = DEFAULT_MODEL,
): MessageParams {
  return {
    model: request.model ?? defaultModel,
    max_tokens: request.maxTokens,
    system: [{ type: "text", text: request.system, cache_control: { type: "ephemeral" } }],
    messages: [{ role: "user", content: request.prompt }],
    tools: [RECORD_CONVERSATION_TOOL_DEFINITION],
    tool_choice: { type: "tool", name: RECORD_CONVERSATION_TOOL, disable_parallel_tool_use: true },
  };
}

/** Input tokens the call will count against the rate limit, before the API tells us (≈4 chars a token). */
export function estimateInputTokens(params: MessageParams): number {
  const chars =
    JSON.stringify(params.system ?? "").length +
    JSON.stringify(params.messages).length +
    JSON.stringify(params.tools ?? []).length;
  // Tool use adds a hidden system prompt of about 350 tokens.
  return Math.ceil(chars / 4) + 350;
}

// A user's own prompt as Messages API parameters and its answer read back: plain text in, plain
// text out, no tool. No temperature/top_p/top_k: API 2026-10-21 rejects them.
import type Anthropic from "@anthropic-ai/sdk";
import type { MessageParams } from "./message-params.ts";

export interface PromptRequest {
  prompt: string;
  /** Sent as the system prompt when set. */
  system: string | null;
  maxTokens: number;
  /** The provider's model when unset. */
  model?: string;
}

export interface PromptAnswer {
  text: string;
  /** Why the model stopped (`end_turn`, `max_tokens`, …). */
  stopReason: string | null;
}

export function toPromptMessageParams(request: PromptRequest, defaultModel: string): MessageParams {
  return {
    model: request.model ?? defaultModel,
    max_tokens: request.maxTokens,
    ...(request.system ? { system: request.system } : {}),
    messages: [{ role: "user", content: request.prompt }],
  };
}

export type ParsedPromptAnswer =
  | { ok: true; value: PromptAnswer; rawText: string }
  | { ok: false; rawText: string; error: string };

/** The answer's text blocks joined; an answer without any text is unusable (and retried). */
export function parsePromptAnswer(message: Anthropic.Message): ParsedPromptAnswer {
  const text = message.content
    .flatMap((block) => (block.type === "text" ? [block.text] : []))
    .join("");
  if (text.trim() === "") {
    return {
      ok: false,
      rawText: text,
      error: `The model's answer had no text (stop reason: ${message.stop_reason ?? "none"}).`,
    };
  }
  return { ok: true, value: { text, stopReason: message.stop_reason ?? null }, rawText: text };
}

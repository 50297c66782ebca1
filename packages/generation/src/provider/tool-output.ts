// What a Messages API response answered with: the forced tool's input, or else its text (for
// structured output), and a note when the answer was cut off by max_tokens.
import type Anthropic from "@anthropic-ai/sdk";

export interface ToolOutput {
  tool: Anthropic.ToolUseBlock | undefined;
  text: string;
  /** The tool input as JSON, or the text: what is kept when parsing fails. */
  rawText: string;
  /** True when the answer hit max_tokens. */
  truncated: boolean;
}

export function readToolOutput(
  message: Pick<Anthropic.Message, "content" | "stop_reason">,
  toolName: string,
): ToolOutput {
  const tool = message.content.find(
    (block): block is Anthropic.ToolUseBlock =>
      block.type === "tool_use" && block.name === toolName,
  );
  const text = message.content
    .filter((block): block is Anthropic.TextBlock => block.type === "text")
    .map((block) => block.text)
    .join("");
  return {
    tool,
    text,
    rawText: tool ? JSON.stringify(tool.input) : text,
    truncated: message.stop_reason === "max_tokens",
  };
}

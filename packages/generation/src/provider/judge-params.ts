// The LLM judge's call as Messages API parameters (the judge's system and prompt, its forced
// record_judgement tool), and the judgement read back out of the response.
import type Anthropic from "@anthropic-ai/sdk";
import type { JudgeRequest } from "../quality/judge/build-judge-request.ts";
import type { JudgeRubric } from "../quality/judge/judge-rubric.ts";
import {
  type Judgement,
  JudgeResultError,
  parseJudgeResult,
} from "../quality/judge/parse-judge-result.ts";
import type { MessageParams } from "./message-params.ts";
import { readToolOutput } from "./tool-output.ts";

export type ParsedJudgement =
  | { ok: true; judgement: Judgement; rawText: string }
  | { ok: false; rawText: string; error: string };

/**
 * No cache_control: the judge's system block is far below the smallest cacheable prefix, and
 * the conversation under review changes with every call.
 */
export function toJudgeMessageParams(request: JudgeRequest, model: string): MessageParams {
  return {
    model,
    max_tokens: request.maxTokens,
    system: [{ type: "text", text: request.system }],
    messages: [{ role: "user", content: request.prompt }],
    tools: [
      {
        name: request.tool.name,
        description: request.tool.description,
        input_schema: request.tool.inputSchema as Anthropic.Tool.InputSchema,
      },
    ],
    tool_choice: { type: "tool", name: request.tool.name, disable_parallel_tool_use: true },
  };
}

export function parseJudgeResponse(
  message: Pick<Anthropic.Message, "content" | "stop_reason">,
  toolName: string,
  rubric?: JudgeRubric,
): ParsedJudgement {
  const { tool, text, rawText, truncated: cutOff } = readToolOutput(message, toolName);
  const truncated = cutOff ? "The judgement hit max_tokens and was cut off. " : "";
  if (!tool && !text.trim()) {
    return { ok: false, rawText, error: `${truncated}The judge called no ${toolName} tool.` };
  }
  try {
    return { ok: true, judgement: parseJudgeResult(tool ? tool.input : text, rubric), rawText };
  } catch (err) {
    if (err instanceof JudgeResultError) {
      return { ok: false, rawText, error: `${truncated}${err.message}` };
    }
    throw err;
  }
}

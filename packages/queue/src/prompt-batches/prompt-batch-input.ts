// What a user may ask of a new prompts batch, validated once for the web app and the CLI: the
// prompts' source text and its format, a batch-wide system prompt, max_tokens, and the same
// model, budget and control settings as a conversation batch.
import { z } from "zod";
import { batchSettingsSchema } from "../batches/batch-input.ts";
import { PROMPT_FILE_FORMATS } from "./parse-prompt-file.ts";
import {
  DEFAULT_ANSWER_TOKENS,
  MAX_ANSWER_TOKENS,
  MAX_SOURCE_CHARS,
  MAX_SYSTEM_CHARS,
} from "./prompt-limits.ts";

export const promptBatchInputSchema = batchSettingsSchema
  .pick({
    name: true,
    concurrency: true,
    errorStrategy: true,
    priority: true,
    budgetUsd: true,
    model: true,
    acceptUnknownCost: true,
  })
  .extend({
    source: z.object({
      format: z.enum(PROMPT_FILE_FORMATS, {
        message: 'The format must be "jsonl", "csv" or "text"',
      }),
      content: z.string().max(MAX_SOURCE_CHARS, {
        message: `The prompts are longer than ${MAX_SOURCE_CHARS.toLocaleString("en-US")} characters: split them over several batches`,
      }),
    }),
    /** Sent with every prompt that has no system prompt of its own. */
    system: z
      .string()
      .max(MAX_SYSTEM_CHARS, {
        message: `The system prompt is longer than ${MAX_SYSTEM_CHARS.toLocaleString("en-US")} characters`,
      })
      .optional()
      .transform((value) => (value?.trim() ? value : undefined)),
    maxTokens: z
      .number({ message: "max_tokens must be a whole number of tokens" })
      .int({ message: "max_tokens must be a whole number of tokens" })
      .min(1, { message: "max_tokens must be at least 1" })
      .max(MAX_ANSWER_TOKENS, {
        message: `max_tokens can be at most ${MAX_ANSWER_TOKENS.toLocaleString("en-US")}`,
      })
      .default(DEFAULT_ANSWER_TOKENS),
    mode: z
      .enum(["realtime", "message_batches"])
      .default("realtime")
      .refine((mode) => mode === "realtime", {
        message:
          "Prompts batches run in real time only: Message Batches mode is offered for conversation batches. Choose real time.",
      }),
  });

export type PromptBatchInput = z.input<typeof promptBatchInputSchema>;
export type ParsedPromptBatchInput = z.output<typeof promptBatchInputSchema>;

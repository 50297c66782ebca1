// Answers one item of a prompts batch: its prompt (with its own system prompt, else the batch's)
// sent as plain text through the same provider, rate budget and retries as a conversation, every
// attempt logged, and the answer stored once with its tokens, cost and duration.
import {
  type BatchItem,
  type BatchJob,
  completePromptItem,
  type Database,
  findBatchPrompt,
  holdsItemLease,
  type ItemLease,
  LeaseLostError,
} from "@parley/db";
import { AppError, type ConversationProvider } from "@parley/generation";
import { DEFAULT_ANSWER_TOKENS } from "@parley/queue";
import { loggedPromptAnswer } from "./logged-answer.ts";
import { recordAttempt } from "./record-attempt.ts";

export interface PromptBatchConfig {
  model?: string;
  maxTokens?: number;
  /** The batch-wide system prompt. */
  system?: string;
}

export interface AnswerPromptItemOptions {
  db: Database;
  provider: ConversationProvider;
  batch: BatchJob;
  item: BatchItem;
  lease: ItemLease;
  signal: AbortSignal;
}

/**
 * Throws what the provider throws (the caller's retry and error strategy apply), and
 * LeaseLostError when another worker has taken the item over: nothing is then sent or stored.
 */
export async function answerPromptItem(options: AnswerPromptItemOptions): Promise<void> {
  const { db, batch, item, lease } = options;
  const stored = await findBatchPrompt(db, lease);
  if (!stored) {
    throw new AppError(
      "INTERNAL",
      `Item ${item.position + 1} of this prompts batch has no prompt.`,
    );
  }
  if (!(await holdsItemLease(db, lease))) {
    throw new LeaseLostError("Another worker took this item over; its prompt is not sent.");
  }
  const config = batch.config as PromptBatchConfig;
  const startedAt = performance.now();
  // An answer a killed worker logged but never stored is stored now, not bought a second time.
  const recovered = await loggedPromptAnswer(db, {
    workspaceId: batch.workspaceId,
    itemId: item.id,
  });
  const result =
    recovered ??
    (await options.provider.answerPrompt(
      {
        prompt: stored.prompt,
        system: stored.system ?? config.system ?? null,
        maxTokens: config.maxTokens ?? DEFAULT_ANSWER_TOKENS,
        ...(config.model ? { model: config.model } : {}),
      },
      {
        signal: options.signal,
        onAttempt: (attempt) =>
          recordAttempt(db, attempt, {
            workspaceId: batch.workspaceId,
            batchId: batch.id,
            itemId: item.id,
            tier: null,
          }),
      },
    ));
  const usage = result.usage;
  await completePromptItem(db, {
    ...lease,
    answer: {
      response: result.answer.text,
      stopReason: result.answer.stopReason,
      model: result.model,
      inputTokens: usage.inputTokens + usage.cacheCreationInputTokens + usage.cacheReadInputTokens,
      outputTokens: usage.outputTokens,
      costUsd: result.costUsd,
      durationMs: recovered?.durationMs ?? Math.round(performance.now() - startedAt),
    },
  });
}

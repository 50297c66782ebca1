// Recovers a batch item's provider answer that was logged but never stored: a worker killed (or
// cut off from Postgres) between the generation log and the conversation's save leaves it, and
// the next claim stores the conversation from it rather than calling, and paying, again.
import { type Database, findUnconsumedAnswer } from "@parley/db";
import {
  type GenerationResult,
  type PromptAnswer,
  parseConversationResponse,
  parsePromptAnswer,
  type TokenUsage,
} from "@parley/generation";

/** The answer as the provider call would have returned it, or undefined when there is none. */
export async function loggedAnswer(
  db: Database,
  item: { workspaceId: string; itemId: string },
): Promise<GenerationResult | undefined> {
  const answer = await findUnconsumedAnswer(db, item);
  if (!answer) return undefined;
  // Logged as succeeded only once it parsed; a response that no longer does is not trusted.
  const parsed = parseConversationResponse(
    answer.response as Parameters<typeof parseConversationResponse>[0],
  );
  if (!parsed.ok) return undefined;
  return {
    conversation: parsed.conversation,
    usage: {
      inputTokens: answer.usage.inputTokens,
      outputTokens: answer.usage.outputTokens,
      cacheCreationInputTokens: answer.usage.cacheCreationTokens,
      cacheReadInputTokens: answer.usage.cacheReadTokens,
    },
    costUsd: answer.costUsd,
    model: answer.model,
    requestId: null,
    attempts: 0,
    simulated: answer.simulated,
    rawText: parsed.rawText,
  };
}

export interface LoggedPromptAnswer {
  answer: PromptAnswer;
  usage: TokenUsage;
  costUsd: number;
  model: string;
  durationMs: number;
}

/** The same recovery for a prompts batch's item: its logged plain-text answer. */
export async function loggedPromptAnswer(
  db: Database,
  item: { workspaceId: string; itemId: string },
): Promise<LoggedPromptAnswer | undefined> {
  const logged = await findUnconsumedAnswer(db, item);
  if (!logged) return undefined;
  const parsed = parsePromptAnswer(logged.response as Parameters<typeof parsePromptAnswer>[0]);
  if (!parsed.ok) return undefined;
  return {
    answer: parsed.value,
    usage: {
      inputTokens: logged.usage.inputTokens,
      outputTokens: logged.usage.outputTokens,
      cacheCreationInputTokens: logged.usage.cacheCreationTokens,
      cacheReadInputTokens: logged.usage.cacheReadTokens,
    },
    costUsd: logged.costUsd,
    model: logged.model,
    durationMs: logged.durationMs ?? 0,
  };
}

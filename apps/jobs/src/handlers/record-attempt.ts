// Every provider attempt, successful or not, becomes a generation_logs row: the request, the
// response, tokens (cache included), cost, duration, error and request id. One mapping for batch
// items, judge calls and single generations.
import { type Database, insertGenerationLog } from "@parley/db";
import type { GenerationAttemptLog, Tier } from "@parley/generation";

export interface AttemptContext {
  workspaceId: string;
  /** Null for a prompts batch's item, which has no tier. */
  tier: Tier | null;
  /** Unset for a single generation, which belongs to no batch. */
  batchId?: string;
  itemId?: string;
  purpose?: "generation" | "judge";
}

export async function recordAttempt(
  db: Database,
  attempt: GenerationAttemptLog,
  context: AttemptContext,
): Promise<void> {
  await insertGenerationLog(db, {
    workspaceId: context.workspaceId,
    batchId: context.batchId ?? null,
    batchItemId: context.itemId ?? null,
    tier: context.tier,
    attempt: attempt.attempt,
    model: attempt.model,
    request: attempt.request,
    response: attempt.response,
    rawText: attempt.rawText,
    inputTokens: attempt.usage.inputTokens,
    outputTokens: attempt.usage.outputTokens,
    cacheCreationTokens: attempt.usage.cacheCreationInputTokens,
    cacheReadTokens: attempt.usage.cacheReadInputTokens,
    costUsd: attempt.costUsd,
    durationMs: attempt.durationMs,
    status: attempt.status === "succeeded" ? "succeeded" : "failed",
    errorCode: attempt.errorCode,
    errorMessage: attempt.errorMessage,
    requestId: attempt.requestId,
    simulated: attempt.simulated,
    purpose: context.purpose ?? "generation",
  });
}

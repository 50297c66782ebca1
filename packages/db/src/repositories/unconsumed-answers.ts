// A provider answer logged for a batch item whose conversation was never stored (its worker was
// killed, or lost its connection, between the log and the save). The next claim of the item
// stores the conversation from it instead of calling (and paying) the provider again.
import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";

export interface UnconsumedAnswer {
  logId: string;
  model: string;
  /** The provider's message, as logged (the conversation is read back out of it). */
  response: unknown;
  simulated: boolean;
  /** How long the answering call took, as logged. */
  durationMs: number | null;
  /**
   * Tokens and cost of every generation call logged for the item since its last stored
   * conversation, the answer's own included: completeItem links them all to the conversation
   * it stores, so the conversation's cost is the sum of the calls linked to it.
   */
  usage: {
    inputTokens: number;
    outputTokens: number;
    cacheCreationTokens: number;
    cacheReadTokens: number;
  };
  costUsd: number;
}

/**
 * The item's latest successful generation answer not yet linked to a conversation. A log row is
 * consumed when completeItem links it to the conversation, in the transaction that stores it.
 * A prompts batch's answers are never linked to a conversation: there, an item still to be
 * answered is what tells an unconsumed answer (a stored one leaves its item succeeded).
 */
export async function findUnconsumedAnswer(
  db: Kysely<DB>,
  options: { workspaceId: string; itemId: string },
): Promise<UnconsumedAnswer | undefined> {
  const unconsumed = db
    .selectFrom("generation_logs")
    .where("workspaceId", "=", options.workspaceId)
    .where("batchItemId", "=", options.itemId)
    .where("purpose", "=", "generation")
    .where("conversationId", "is", null);
  const answer = await unconsumed
    .select(["id", "model", "response", "simulated", "durationMs"])
    .where("status", "=", "succeeded")
    .where("response", "is not", null)
    .orderBy("createdAt", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!answer) return undefined;
  const totals = await unconsumed
    .select([
      sql<number>`coalesce(sum(input_tokens), 0)::int`.as("inputTokens"),
      sql<number>`coalesce(sum(output_tokens), 0)::int`.as("outputTokens"),
      sql<number>`coalesce(sum(cache_creation_tokens), 0)::int`.as("cacheCreationTokens"),
      sql<number>`coalesce(sum(cache_read_tokens), 0)::int`.as("cacheReadTokens"),
      sql<string>`coalesce(sum(cost_usd), 0)`.as("costUsd"),
    ])
    .executeTakeFirstOrThrow();
  const { costUsd, ...usage } = totals;
  return {
    logId: answer.id,
    model: answer.model,
    response: answer.response,
    simulated: answer.simulated,
    durationMs: answer.durationMs,
    usage,
    costUsd: Number(costUsd),
  };
}

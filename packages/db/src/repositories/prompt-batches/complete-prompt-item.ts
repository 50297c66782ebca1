// Stores a prompt's answer and marks its item succeeded (the batch counters follow by trigger) in
// one transaction. Idempotent like completeItem: a job that runs twice finds the answer stored and
// writes nothing, and a claim another worker took over stores nothing at all.
import { type Kysely, sql } from "kysely";
import { RepositoryError } from "../../repository-error.ts";
import type { BatchPrompt, DB } from "../../schema.ts";
import { withTransaction } from "../../transaction.ts";
import { LeaseLostError } from "../item-leases.ts";

export interface PromptAnswer {
  response: string;
  stopReason: string | null;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  durationMs: number;
}

export interface CompletePromptItemOptions {
  workspaceId: string;
  itemId: string;
  answer: PromptAnswer;
  /** The realtime claim's lease token (see completeItem). */
  leaseToken?: string;
}

export interface CompletePromptItemResult {
  prompt: BatchPrompt;
  /** False when the prompt was already answered and nothing was written. */
  created: boolean;
}

export async function completePromptItem(
  db: Kysely<DB>,
  options: CompletePromptItemOptions,
): Promise<CompletePromptItemResult> {
  return withTransaction(db, async (trx) => {
    // The item's row lock serialises two runs of the same job, as in completeItem.
    const item = await trx
      .selectFrom("batch_items")
      .select(["id", "leaseToken"])
      .where("workspaceId", "=", options.workspaceId)
      .where("id", "=", options.itemId)
      .forUpdate()
      .executeTakeFirst();
    if (!item) throw new RepositoryError("not_found", "The batch item does not exist");
    if (options.leaseToken !== undefined && item.leaseToken !== options.leaseToken) {
      throw new LeaseLostError("Another worker took this item over; its answer is not stored.");
    }
    const stored = await trx
      .selectFrom("batch_prompts")
      .selectAll()
      .where("batchItemId", "=", item.id)
      .executeTakeFirst();
    if (!stored) {
      throw new RepositoryError("invalid_input", "This item is not part of a prompts batch.");
    }
    if (stored.answeredAt !== null) return { prompt: stored, created: false };

    const { answer } = options;
    const prompt = await trx
      .updateTable("batch_prompts")
      .set({
        response: answer.response,
        stopReason: answer.stopReason,
        model: answer.model,
        inputTokens: answer.inputTokens,
        outputTokens: answer.outputTokens,
        costUsd: answer.costUsd,
        durationMs: answer.durationMs,
        answeredAt: sql<Date>`now()`,
      })
      .where("id", "=", stored.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .updateTable("batch_items")
      .set({
        status: "succeeded",
        finishedAt: sql<Date>`now()`,
        lastError: null,
        errorCode: null,
      })
      .where("id", "=", item.id)
      .execute();
    return { prompt, created: true };
  });
}

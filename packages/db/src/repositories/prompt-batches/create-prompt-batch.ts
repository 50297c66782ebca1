// Creates a prompts batch: the batch (kind `prompts`), one item per prompt and the prompt beside
// it in `batch_prompts`, all in one transaction, so a batch never exists with some prompts missing.
import type { Kysely } from "kysely";
import type { BatchJob, DB } from "../../schema.ts";
import { withTransaction } from "../../transaction.ts";
import { type CreateBatchWithItemsOptions, createBatchWithItems } from "../batches.ts";

export interface NewBatchPrompt {
  prompt: string;
  /** This prompt's own system prompt; null to use the batch's. */
  system: string | null;
  /** The id the user gave it in their file. */
  sourceId: string | null;
}

export type CreatePromptBatchOptions = Omit<CreateBatchWithItemsOptions, "items" | "kind"> & {
  /** In order: prompt i gets position i. */
  prompts: readonly NewBatchPrompt[];
};

/** Rows per INSERT: 6 parameters each stays well under Postgres's 65 535. */
const PROMPT_INSERT_CHUNK = 1000;

export async function createPromptBatchWithItems(
  db: Kysely<DB>,
  options: CreatePromptBatchOptions,
): Promise<BatchJob> {
  const { prompts, ...batchOptions } = options;
  return withTransaction(db, async (trx) => {
    const batch = await createBatchWithItems(trx, {
      ...batchOptions,
      kind: "prompts",
      items: prompts.map(() => ({ tier: null })),
    });
    const items = await trx
      .selectFrom("batch_items")
      .select(["id", "position"])
      .where("batchId", "=", batch.id)
      .orderBy("position")
      .execute();
    for (let start = 0; start < items.length; start += PROMPT_INSERT_CHUNK) {
      await trx
        .insertInto("batch_prompts")
        .values(
          items.slice(start, start + PROMPT_INSERT_CHUNK).map((item) => {
            const prompt = prompts[item.position];
            if (!prompt) throw new Error(`No prompt for item ${item.position}`);
            return {
              workspaceId: options.workspaceId,
              batchId: batch.id,
              batchItemId: item.id,
              position: item.position,
              sourceId: prompt.sourceId,
              prompt: prompt.prompt,
              system: prompt.system,
            };
          }),
        )
        .execute();
    }
    return batch;
  });
}

// A prompts batch's results as the batch page, the exports and the CLI read them: each prompt with
// its item's status and error beside its answer, in position order.
import type { Kysely } from "kysely";
import type { BatchItemStatus } from "../../column-values.ts";
import type { DB } from "../../schema.ts";

export interface PromptResult {
  /** 0-based, the prompt's order in the input. */
  position: number;
  sourceId: string | null;
  prompt: string;
  system: string | null;
  status: BatchItemStatus;
  response: string | null;
  stopReason: string | null;
  model: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  durationMs: number | null;
  /** The last error of the item (a failed prompt's reason; a queued one's last retry). */
  error: string | null;
  errorCode: string | null;
  attempts: number;
  answeredAt: Date | null;
}

export interface PromptResultsRef {
  workspaceId: string;
  batchId: string;
  /** Only prompts whose item is in one of these statuses. */
  statuses?: readonly BatchItemStatus[];
}

function selectPromptResults(db: Kysely<DB>, ref: PromptResultsRef) {
  return db
    .selectFrom("batch_prompts")
    .innerJoin("batch_items", "batch_items.id", "batch_prompts.batchItemId")
    .select([
      "batch_prompts.position",
      "batch_prompts.sourceId",
      "batch_prompts.prompt",
      "batch_prompts.system",
      "batch_items.status",
      "batch_prompts.response",
      "batch_prompts.stopReason",
      "batch_prompts.model",
      "batch_prompts.inputTokens",
      "batch_prompts.outputTokens",
      "batch_prompts.costUsd",
      "batch_prompts.durationMs",
      "batch_items.lastError as error",
      "batch_items.errorCode",
      "batch_items.attempts",
      "batch_prompts.answeredAt",
    ])
    .where("batch_prompts.workspaceId", "=", ref.workspaceId)
    .where("batch_prompts.batchId", "=", ref.batchId)
    .$if(Boolean(ref.statuses?.length), (qb) =>
      qb.where("batch_items.status", "in", ref.statuses ?? []),
    );
}

export interface PromptResultsPage {
  results: PromptResult[];
  /** Prompts matching the status filter, over all pages. */
  total: number;
}

/** One page of results (page 0 first); pages are by position, so they never overlap. */
export async function listPromptResults(
  db: Kysely<DB>,
  options: PromptResultsRef & { page: number; pageSize: number },
): Promise<PromptResultsPage> {
  const [results, count] = await Promise.all([
    selectPromptResults(db, options)
      .orderBy("batch_prompts.position")
      .limit(options.pageSize)
      .offset(options.page * options.pageSize)
      .execute(),
    db
      .selectFrom("batch_prompts")
      .innerJoin("batch_items", "batch_items.id", "batch_prompts.batchItemId")
      .select((eb) => eb.fn.countAll<number>().as("total"))
      .where("batch_prompts.workspaceId", "=", options.workspaceId)
      .where("batch_prompts.batchId", "=", options.batchId)
      .$if(Boolean(options.statuses?.length), (qb) =>
        qb.where("batch_items.status", "in", options.statuses ?? []),
      )
      .executeTakeFirstOrThrow(),
  ]);
  return { results, total: Number(count.total) };
}

/** Rows per read when streaming: memory stays flat however many prompts the batch has. */
const STREAM_PAGE = 500;

/** Every result in position order, a page at a time (exports). */
export async function* streamPromptResults(
  db: Kysely<DB>,
  ref: PromptResultsRef,
): AsyncGenerator<PromptResult> {
  let after = -1;
  for (;;) {
    const rows = await selectPromptResults(db, ref)
      .where("batch_prompts.position", ">", after)
      .orderBy("batch_prompts.position")
      .limit(STREAM_PAGE)
      .execute();
    yield* rows;
    const last = rows.at(-1);
    if (!last || rows.length < STREAM_PAGE) return;
    after = last.position;
  }
}

/** The prompt an item carries and the batch's system prompt applies to (the worker's read). */
export function findBatchPrompt(db: Kysely<DB>, options: { workspaceId: string; itemId: string }) {
  return db
    .selectFrom("batch_prompts")
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .where("batchItemId", "=", options.itemId)
    .executeTakeFirst();
}

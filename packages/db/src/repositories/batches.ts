// Batch jobs and their items as created and listed: a batch and all its items written in one
// transaction, and the reads the pages, the CLI and a restarting worker list them with.
import { type Kysely, sql } from "kysely";
import type {
  BatchItemStatus,
  BatchKind,
  BatchPriority,
  BatchStatus,
  ErrorStrategy,
  ProviderMode,
  Tier,
} from "../column-values.ts";
import { jsonb } from "../jsonb.ts";
import { newestFirstPage, selectNewestFirst } from "../keyset-cursor.ts";
import type { BatchItem, BatchJob, DB } from "../schema.ts";
import { withTransaction } from "../transaction.ts";

export interface NewBatchItem {
  /** Null for an item of a prompts batch, which plans no conversation. */
  tier: Tier | null;
  parameters?: Record<string, unknown>;
  personaId?: string | null;
  arcId?: string | null;
  topicId?: string | null;
  edgeCaseId?: string | null;
  sourceChunkId?: string | null;
  promptTemplateId?: string | null;
}

export interface CreateBatchWithItemsOptions {
  workspaceId: string;
  name: string;
  /** Planned conversations (the default) or the user's own prompts. */
  kind?: BatchKind;
  /** The plan and settings as the wizard produced them. */
  config?: Record<string, unknown>;
  priority?: BatchPriority;
  /** A ceiling on items in flight; null: automatic (the rate budget decides). */
  concurrency?: number | null;
  errorStrategy?: ErrorStrategy;
  providerMode?: ProviderMode;
  budgetCapUsd?: number | null;
  estimatedCostUsd?: number | null;
  estimatedDurationMs?: number | null;
  simulated?: boolean;
  createdBy?: string | null;
  /** In batch order: item i gets position i (0-based, like the planner's). */
  items: readonly NewBatchItem[];
}

/** Rows per INSERT: 13 parameters each keeps a statement well under Postgres's 65 535. */
const ITEM_INSERT_CHUNK = 1000;

/** Creates the batch and all its items in one transaction; the counters come out set. */
export async function createBatchWithItems(
  db: Kysely<DB>,
  options: CreateBatchWithItemsOptions,
): Promise<BatchJob> {
  return withTransaction(db, async (trx) => {
    const batch = await trx
      .insertInto("batch_jobs")
      .values({
        workspaceId: options.workspaceId,
        name: options.name,
        ...(options.kind ? { kind: options.kind } : {}),
        config: jsonb(options.config ?? {}),
        priority: options.priority,
        concurrency: options.concurrency,
        errorStrategy: options.errorStrategy,
        providerMode: options.providerMode,
        budgetCapUsd: options.budgetCapUsd ?? null,
        estimatedCostUsd: options.estimatedCostUsd ?? null,
        estimatedDurationMs: options.estimatedDurationMs ?? null,
        simulated: options.simulated,
        createdBy: options.createdBy ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();

    for (let start = 0; start < options.items.length; start += ITEM_INSERT_CHUNK) {
      const chunk = options.items.slice(start, start + ITEM_INSERT_CHUNK);
      await trx
        .insertInto("batch_items")
        .values(
          chunk.map((item, index) => ({
            workspaceId: options.workspaceId,
            batchId: batch.id,
            position: start + index,
            tier: item.tier,
            parameters: jsonb(item.parameters ?? {}),
            personaId: item.personaId ?? null,
            arcId: item.arcId ?? null,
            topicId: item.topicId ?? null,
            edgeCaseId: item.edgeCaseId ?? null,
            sourceChunkId: item.sourceChunkId ?? null,
            promptTemplateId: item.promptTemplateId ?? null,
          })),
        )
        .execute();
    }
    return trx
      .selectFrom("batch_jobs")
      .selectAll()
      .where("id", "=", batch.id)
      .executeTakeFirstOrThrow();
  });
}

export function findBatch(
  db: Kysely<DB>,
  options: { workspaceId: string; batchId: string },
): Promise<BatchJob | undefined> {
  return db
    .selectFrom("batch_jobs")
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .where("id", "=", options.batchId)
    .executeTakeFirst();
}

export interface ListBatchesOptions {
  workspaceId: string;
  statuses?: readonly BatchStatus[];
  /** Default 50. */
  limit?: number;
  /** From the previous page's `nextCursor`. */
  cursor?: string | null;
}

/** Newest first, keyset-paginated. */
export async function listBatches(
  db: Kysely<DB>,
  options: ListBatchesOptions,
): Promise<{ batches: BatchJob[]; nextCursor: string | null }> {
  const limit = options.limit ?? 50;
  const rows = await db
    .selectFrom("batch_jobs")
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .$if(Boolean(options.statuses?.length), (qb) =>
      qb.where("status", "in", options.statuses ?? []),
    )
    .$call((qb) => selectNewestFirst(qb, { cursor: options.cursor, limit }))
    .execute();
  const page = newestFirstPage(rows, limit);
  return { batches: page.rows, nextCursor: page.nextCursor };
}

/**
 * Batches still to be worked on, across all workspaces, most urgent first: what a worker
 * resumes after a restart. Deliberately not workspace-scoped; only the worker calls it.
 */
export function listUnfinishedBatches(db: Kysely<DB>): Promise<BatchJob[]> {
  return db
    .selectFrom("batch_jobs")
    .selectAll()
    .where("status", "in", ["queued", "processing", "paused"])
    .orderBy(sql`case priority when 'high' then 0 when 'normal' then 1 else 2 end`)
    .orderBy("createdAt")
    .execute();
}

export interface ListBatchItemsOptions {
  workspaceId: string;
  batchId: string;
  statuses?: readonly BatchItemStatus[];
  /** Items after this position (the last one of the previous page). */
  afterPosition?: number;
  /** Default 100. */
  limit?: number;
}

/** In position order. */
export function listBatchItems(
  db: Kysely<DB>,
  options: ListBatchItemsOptions,
): Promise<BatchItem[]> {
  return db
    .selectFrom("batch_items")
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .where("batchId", "=", options.batchId)
    .$if(Boolean(options.statuses?.length), (qb) =>
      qb.where("status", "in", options.statuses ?? []),
    )
    .$if(options.afterPosition !== undefined, (qb) =>
      qb.where("position", ">", options.afterPosition ?? -1),
    )
    .orderBy("position")
    .limit(options.limit ?? 100)
    .execute();
}

export function findBatchItem(
  db: Kysely<DB>,
  options: { workspaceId: string; itemId: string },
): Promise<BatchItem | undefined> {
  return db
    .selectFrom("batch_items")
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .where("id", "=", options.itemId)
    .executeTakeFirst();
}

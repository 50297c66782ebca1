// Message Batches mode: a provider batch groups queued items into one asynchronous provider
// submission. Items are claimed into it (queued → processing) in the transaction that creates it.
import { type Kysely, sql } from "kysely";
import type { ProviderBatchStatus } from "../column-values.ts";
import type { BatchItem, DB, ProviderBatch } from "../schema.ts";
import { withTransaction } from "../transaction.ts";
import { itemBatchIsRunning } from "./batch-items/lock-batch-of-item.ts";

export interface CreateProviderBatchOptions {
  workspaceId: string;
  batchId: string;
  /** The items to submit, each with the `custom_id` its request will carry. */
  requests: readonly { itemId: string; customId: string }[];
  provider?: string;
}

/**
 * Records a submission about to be sent and claims its items. Items that are no longer queued
 * (claimed meanwhile, cancelled) are left out, and so is everything while the batch is not
 * running (paused, cancelled); `items` lists the ones actually claimed, and only those should
 * be sent. The first claim moves a queued batch to processing, as a realtime claim does.
 */
export async function createProviderBatch(
  db: Kysely<DB>,
  options: CreateProviderBatchOptions,
): Promise<{ providerBatch: ProviderBatch; items: BatchItem[] }> {
  return withTransaction(db, async (trx) => {
    const providerBatch = await trx
      .insertInto("provider_batches")
      .values({
        workspaceId: options.workspaceId,
        batchId: options.batchId,
        provider: options.provider ?? "anthropic",
        requestCount: 0,
      })
      .returningAll()
      .executeTakeFirstOrThrow();

    const items: BatchItem[] = [];
    for (const request of options.requests) {
      const item = await trx
        .updateTable("batch_items")
        .set((eb) => ({
          status: "processing",
          attempts: eb("attempts", "+", 1),
          startedAt: sql<Date>`now()`,
          providerBatchId: providerBatch.id,
          providerCustomId: request.customId,
        }))
        .where("workspaceId", "=", options.workspaceId)
        .where("batchId", "=", options.batchId)
        .where("id", "=", request.itemId)
        .where("status", "=", "queued")
        .where(itemBatchIsRunning)
        .returningAll()
        .executeTakeFirst();
      if (item) items.push(item);
    }
    if (items.length > 0) {
      await trx
        .updateTable("batch_jobs")
        .set({ status: "processing", startedAt: sql<Date>`coalesce(started_at, now())` })
        .where("workspaceId", "=", options.workspaceId)
        .where("id", "=", options.batchId)
        .where("status", "=", "queued")
        .execute();
    }
    const updated = await trx
      .updateTable("provider_batches")
      .set({ requestCount: items.length })
      .where("id", "=", providerBatch.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { providerBatch: updated, items };
  });
}

export interface UpdateProviderBatchOptions {
  workspaceId: string;
  id: string;
  /** Set once the provider accepted the submission. */
  providerBatchId?: string;
  status?: ProviderBatchStatus;
  succeededCount?: number;
  erroredCount?: number;
  canceledCount?: number;
  expiredCount?: number;
  resultsUrl?: string | null;
  error?: string | null;
  submittedAt?: Date;
  endedAt?: Date;
  /**
   * Only while the record is in one of these statuses, so a writer racing the poll (a cancel)
   * never moves an ended submission back; undefined is returned when it was not.
   */
  ifStatusIn?: readonly ProviderBatchStatus[];
}

export function updateProviderBatch(
  db: Kysely<DB>,
  options: UpdateProviderBatchOptions,
): Promise<ProviderBatch | undefined> {
  const values = Object.fromEntries(
    Object.entries({
      providerBatchId: options.providerBatchId,
      status: options.status,
      succeededCount: options.succeededCount,
      erroredCount: options.erroredCount,
      canceledCount: options.canceledCount,
      expiredCount: options.expiredCount,
      resultsUrl: options.resultsUrl,
      error: options.error,
      submittedAt: options.submittedAt,
      endedAt: options.endedAt,
    }).filter(([, value]) => value !== undefined),
  );
  return db
    .updateTable("provider_batches")
    .set(values)
    .where("workspaceId", "=", options.workspaceId)
    .where("id", "=", options.id)
    .$if(options.ifStatusIn !== undefined, (qb) =>
      qb.where("status", "in", options.ifStatusIn ?? []),
    )
    .returningAll()
    .executeTakeFirst();
}

export function findProviderBatch(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string },
): Promise<ProviderBatch | undefined> {
  return db
    .selectFrom("provider_batches")
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .where("id", "=", options.id)
    .executeTakeFirst();
}

export function listProviderBatches(
  db: Kysely<DB>,
  options: { workspaceId: string; batchId: string },
): Promise<ProviderBatch[]> {
  return db
    .selectFrom("provider_batches")
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .where("batchId", "=", options.batchId)
    .orderBy("createdAt")
    .execute();
}

/**
 * Submissions still in flight, across all workspaces: what the poller watches. Deliberately
 * not workspace-scoped; only the worker calls it.
 */
export function listOpenProviderBatches(db: Kysely<DB>): Promise<ProviderBatch[]> {
  return db
    .selectFrom("provider_batches")
    .selectAll()
    .where("status", "in", ["submitting", "in_progress", "canceling"])
    .orderBy("createdAt")
    .execute();
}

function itemByCustomId(
  db: Kysely<DB>,
  options: { workspaceId: string; providerBatchId: string; customId: string },
) {
  return db
    .selectFrom("batch_items")
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .where("providerBatchId", "=", options.providerBatchId)
    .where("providerCustomId", "=", options.customId);
}

/** The item a result line belongs to, by the `custom_id` it was submitted with. */
export function findItemByCustomId(
  db: Kysely<DB>,
  options: { workspaceId: string; providerBatchId: string; customId: string },
): Promise<BatchItem | undefined> {
  return itemByCustomId(db, options).executeTakeFirst();
}

/**
 * Locks the item a result line belongs to, if it is still waiting for that result: processing
 * and submitted in this provider batch. Undefined when the result was already applied (a poll
 * that runs twice) or the item moved on (resubmitted elsewhere), so each result lands once.
 */
export function lockPendingItemByCustomId(
  db: Kysely<DB>,
  options: { workspaceId: string; providerBatchId: string; customId: string },
): Promise<BatchItem | undefined> {
  return itemByCustomId(db, options)
    .where("status", "=", "processing")
    .forUpdate()
    .executeTakeFirst();
}

/** Items of a provider batch still waiting for a result, e.g. ones its results left out. */
export function listPendingProviderBatchItems(
  db: Kysely<DB>,
  options: { workspaceId: string; providerBatchId: string },
): Promise<BatchItem[]> {
  return db
    .selectFrom("batch_items")
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .where("providerBatchId", "=", options.providerBatchId)
    .where("status", "=", "processing")
    .orderBy("position")
    .execute();
}

/** A request the provider cancelled because its batch was cancelled: the item ends cancelled. */
export function cancelPendingItem(
  db: Kysely<DB>,
  options: { workspaceId: string; itemId: string; error?: string },
): Promise<BatchItem | undefined> {
  return db
    .updateTable("batch_items")
    .set({
      status: "cancelled",
      finishedAt: sql<Date>`now()`,
      lastError: options.error ?? null,
      errorCode: "cancelled",
    })
    .where("workspaceId", "=", options.workspaceId)
    .where("id", "=", options.itemId)
    .where("status", "=", "processing")
    .returningAll()
    .executeTakeFirst();
}

// Batch jobs and their items: creation, progress, and the item lifecycle a worker drives
// (claim → complete or fail). Item status changes and the batch counters are updated in the
// same transaction (by triggers on batch_items), so the counters always equal the item rows.
import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import {
  BATCH_STATUS_TRANSITIONS,
  type BatchItemStatus,
  type BatchPriority,
  type BatchStatus,
  type ErrorStrategy,
  type ProviderMode,
  type Tier,
} from "../column-values.ts";
import { jsonb } from "../jsonb.ts";
import { decodeCursor, encodeCursor } from "../keyset-cursor.ts";
import { RepositoryError } from "../repository-error.ts";
import type { BatchItem, BatchJob, DB } from "../schema.ts";
import { withTransaction } from "../transaction.ts";

export interface NewBatchItem {
  tier: Tier;
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
  /** The plan and settings as the wizard produced them. */
  config?: Record<string, unknown>;
  priority?: BatchPriority;
  /** 1 to 10; default 3. */
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
        workspace_id: options.workspaceId,
        name: options.name,
        config: jsonb(options.config ?? {}),
        priority: options.priority,
        concurrency: options.concurrency,
        error_strategy: options.errorStrategy,
        provider_mode: options.providerMode,
        budget_cap_usd: options.budgetCapUsd ?? null,
        estimated_cost_usd: options.estimatedCostUsd ?? null,
        estimated_duration_ms: options.estimatedDurationMs ?? null,
        simulated: options.simulated,
        created_by: options.createdBy ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();

    for (let start = 0; start < options.items.length; start += ITEM_INSERT_CHUNK) {
      const chunk = options.items.slice(start, start + ITEM_INSERT_CHUNK);
      await trx
        .insertInto("batch_items")
        .values(
          chunk.map((item, index) => ({
            workspace_id: options.workspaceId,
            batch_id: batch.id,
            position: start + index,
            tier: item.tier,
            parameters: jsonb(item.parameters ?? {}),
            persona_id: item.personaId ?? null,
            arc_id: item.arcId ?? null,
            topic_id: item.topicId ?? null,
            edge_case_id: item.edgeCaseId ?? null,
            source_chunk_id: item.sourceChunkId ?? null,
            prompt_template_id: item.promptTemplateId ?? null,
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
    .where("workspace_id", "=", options.workspaceId)
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
  const after = options.cursor ? decodeCursor(options.cursor) : undefined;
  const rows = await db
    .selectFrom("batch_jobs")
    .selectAll()
    // The sort value as Postgres prints it: exact to the microsecond, unlike a JS Date.
    .select(sql<string>`created_at::text`.as("sort_key"))
    .where("workspace_id", "=", options.workspaceId)
    .$if(Boolean(options.statuses?.length), (qb) =>
      qb.where("status", "in", options.statuses ?? []),
    )
    .$if(after !== undefined, (qb) =>
      qb.where(sql<boolean>`(created_at, id) < (${after?.value}::timestamptz, ${after?.id}::uuid)`),
    )
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    batches: page.map(({ sort_key: _sortKey, ...batch }) => batch),
    nextCursor:
      rows.length > limit && last ? encodeCursor({ value: last.sort_key, id: last.id }) : null,
  };
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
    .orderBy("created_at")
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
    .where("workspace_id", "=", options.workspaceId)
    .where("batch_id", "=", options.batchId)
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
    .where("workspace_id", "=", options.workspaceId)
    .where("id", "=", options.itemId)
    .executeTakeFirst();
}

export interface BatchItemError {
  itemId: string;
  position: number;
  errorCode: string | null;
  message: string | null;
  attempts: number;
  finishedAt: Date | null;
}

export interface BatchProgress {
  batchId: string;
  name: string;
  status: BatchStatus;
  pauseReason: string | null;
  providerMode: ProviderMode;
  simulated: boolean;
  total: number;
  counts: Record<BatchItemStatus, number>;
  /** Succeeded + failed + cancelled. */
  finished: number;
  /** finished / total, 0–100 (100 for an empty batch). */
  percentComplete: number;
  estimatedCostUsd: number | null;
  /** Every provider call of the batch so far, failed ones included. */
  actualCostUsd: number;
  budgetCapUsd: number | null;
  estimatedDurationMs: number | null;
  /** Mean wall time of succeeded items, for a remaining-time estimate; null before the first. */
  averageItemDurationMs: number | null;
  lastFinishedAt: Date | null;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  updatedAt: Date;
  /** The most recent failures, newest first (at most 5). */
  recentErrors: BatchItemError[];
}

/**
 * What a progress view shows. Counts come from the batch row (kept exact by triggers), so the
 * cost does not grow with the batch; durations and errors read through (batch_id, status).
 */
export async function getBatchProgress(
  db: Kysely<DB>,
  options: { workspaceId: string; batchId: string },
): Promise<BatchProgress | undefined> {
  const batch = await findBatch(db, options);
  if (!batch) return undefined;

  const [timing, errors] = await Promise.all([
    db
      .selectFrom("batch_items")
      .select([
        sql<number | null>`avg(extract(epoch from finished_at - started_at) * 1000)`.as(
          "average_ms",
        ),
        sql<Date | null>`max(finished_at)`.as("last_finished_at"),
      ])
      .where("batch_id", "=", batch.id)
      .where("status", "=", "succeeded")
      .executeTakeFirst(),
    db
      .selectFrom("batch_items")
      .select(["id", "position", "error_code", "last_error", "attempts", "finished_at"])
      .where("batch_id", "=", batch.id)
      .where("status", "=", "failed")
      .orderBy("finished_at", (ob) => ob.desc().nullsLast())
      .orderBy("position")
      .limit(5)
      .execute(),
  ]);

  const counts: Record<BatchItemStatus, number> = {
    queued: batch.queued_items,
    processing: batch.processing_items,
    succeeded: batch.succeeded_items,
    failed: batch.failed_items,
    cancelled: batch.cancelled_items,
  };
  const finished = counts.succeeded + counts.failed + counts.cancelled;
  return {
    batchId: batch.id,
    name: batch.name,
    status: batch.status,
    pauseReason: batch.pause_reason,
    providerMode: batch.provider_mode,
    simulated: batch.simulated,
    total: batch.total_items,
    counts,
    finished,
    percentComplete:
      batch.total_items === 0 ? 100 : Math.round((finished / batch.total_items) * 1000) / 10,
    estimatedCostUsd: batch.estimated_cost_usd,
    actualCostUsd: batch.actual_cost_usd,
    budgetCapUsd: batch.budget_cap_usd,
    estimatedDurationMs: batch.estimated_duration_ms,
    averageItemDurationMs:
      timing?.average_ms === null || timing?.average_ms === undefined
        ? null
        : Math.round(Number(timing.average_ms)),
    lastFinishedAt: timing?.last_finished_at ?? null,
    createdAt: batch.created_at,
    startedAt: batch.started_at,
    completedAt: batch.completed_at,
    updatedAt: batch.updated_at,
    recentErrors: errors.map((row) => ({
      itemId: row.id,
      position: row.position,
      errorCode: row.error_code,
      message: row.last_error,
      attempts: row.attempts,
      finishedAt: row.finished_at,
    })),
  };
}

/** A batch_items condition: the item's batch hands out work (queued or processing). */
export function itemBatchIsRunning(eb: ExpressionBuilder<DB, "batch_items">) {
  return eb.exists(
    eb
      .selectFrom("batch_jobs")
      .select(sql`1`.as("one"))
      .whereRef("batch_jobs.id", "=", "batch_items.batch_id")
      .where("batch_jobs.status", "in", ["queued", "processing"]),
  );
}

export type ClaimItemResult =
  | { claimed: true; item: BatchItem }
  | {
      claimed: false;
      reason: "not_found" | "not_queued" | "batch_not_running" | "at_capacity";
      item?: BatchItem;
      batchStatus?: BatchStatus;
    };

export interface MarkItemProcessingOptions {
  workspaceId: string;
  itemId: string;
  /**
   * Also take over an item stuck in `processing` that was claimed before this time: its worker
   * died (the queue re-delivered the job after its expiry). Without it, only queued items.
   */
  reclaimStartedBefore?: Date;
  /**
   * Refuse (`at_capacity`) to start a queued item while the batch already has `concurrency` items
   * processing. The queue's group limit is counted when jobs are fetched, and pollers that fetch
   * at the same moment can each see a free slot; counted here, under the batch lock, it holds.
   */
  withinConcurrency?: boolean;
}

/**
 * Locks the batch row of an item (FOR UPDATE) and returns the batch as last committed. Claims,
 * failures and status changes all take this lock before touching items, so they happen in one
 * order: a claim after a pause, a cancel or a stopping failure sees it, and started_at and
 * finished_at (clock_timestamp(), read under the lock) follow that order too.
 */
async function lockBatchOfItem(
  trx: Kysely<DB>,
  options: { workspaceId: string; itemId: string },
): Promise<BatchJob | undefined> {
  return trx
    .selectFrom("batch_jobs")
    .selectAll()
    .where(
      "id",
      "=",
      trx
        .selectFrom("batch_items")
        .select("batch_id")
        .where("id", "=", options.itemId)
        .where("workspace_id", "=", options.workspaceId),
    )
    .forUpdate()
    .executeTakeFirst();
}

/**
 * Claims an item for generation: queued → processing, attempts + 1, started_at = now. Only
 * while its batch is queued or processing (a paused or cancelled batch hands out nothing);
 * the first claim also moves a queued batch to processing.
 */
export async function markItemProcessing(
  db: Kysely<DB>,
  options: MarkItemProcessingOptions,
): Promise<ClaimItemResult> {
  return withTransaction(db, async (trx) => {
    const locked = await lockBatchOfItem(trx, options);
    const ceiling = locked?.concurrency ?? null; // null: automatic, no per-batch ceiling
    if (
      options.withinConcurrency &&
      locked &&
      ceiling !== null &&
      locked.processing_items >= ceiling
    ) {
      // A stale `processing` item already holds a slot, so taking it over stays allowed.
      const current = await findBatchItem(trx, options);
      if (current?.status === "queued") {
        return { claimed: false, reason: "at_capacity", item: current, batchStatus: locked.status };
      }
    }
    const reclaimBefore = options.reclaimStartedBefore;
    const item = await trx
      .updateTable("batch_items")
      .set((eb) => ({
        status: "processing",
        attempts: eb("attempts", "+", 1),
        started_at: sql<Date>`clock_timestamp()`,
        finished_at: null,
      }))
      .where("id", "=", options.itemId)
      .where("workspace_id", "=", options.workspaceId)
      .where((eb) =>
        eb.or([
          eb("status", "=", "queued"),
          ...(reclaimBefore
            ? [eb.and([eb("status", "=", "processing"), eb("started_at", "<", reclaimBefore)])]
            : []),
        ]),
      )
      .where(itemBatchIsRunning)
      .returningAll()
      .executeTakeFirst();

    if (item) {
      await trx
        .updateTable("batch_jobs")
        .set({ status: "processing", started_at: sql<Date>`coalesce(started_at, now())` })
        .where("id", "=", item.batch_id)
        .where("status", "=", "queued")
        .execute();
      return { claimed: true, item };
    }

    const current = await findBatchItem(trx, options);
    if (!current) return { claimed: false, reason: "not_found" };
    const batch = await trx
      .selectFrom("batch_jobs")
      .select("status")
      .where("id", "=", current.batch_id)
      .executeTakeFirstOrThrow();
    const running = batch.status === "queued" || batch.status === "processing";
    return {
      claimed: false,
      reason: running ? "not_queued" : "batch_not_running",
      item: current,
      batchStatus: batch.status,
    };
  });
}

export interface FailItemOptions {
  workspaceId: string;
  itemId: string;
  /** What went wrong, in words a user can act on. */
  error: string;
  errorCode?: string | null;
  /**
   * Put the item back in the queue (a retryable error) instead of failing it. In a batch that
   * was cancelled meanwhile, the item is cancelled instead: nothing would ever run it again.
   */
  requeue?: boolean;
  /**
   * Decides, with the failure counted and the batch still locked, whether the batch pauses (the
   * error strategy): returns the pause reason, or null to carry on. Being in the same
   * transaction, no other item can start between the failure and the pause.
   */
  pauseBatchIf?: (batch: BatchJob) => string | null;
}

/**
 * Records a failure. A late report for an item that already succeeded (its job ran twice) is
 * ignored: returns undefined and changes nothing.
 */
export async function failItem(
  db: Kysely<DB>,
  options: FailItemOptions,
): Promise<BatchItem | undefined> {
  return withTransaction(db, async (trx) => {
    const batch = await lockBatchOfItem(trx, options);
    const status: BatchItemStatus = !options.requeue
      ? "failed"
      : batch?.status === "cancelled"
        ? "cancelled"
        : "queued";
    const item = await trx
      .updateTable("batch_items")
      .set({
        status,
        last_error: options.error,
        error_code: options.errorCode ?? null,
        finished_at: status === "queued" ? null : sql<Date>`clock_timestamp()`,
      })
      .where("id", "=", options.itemId)
      .where("workspace_id", "=", options.workspaceId)
      .where("status", "in", ["queued", "processing"])
      .returningAll()
      .executeTakeFirst();
    if (!item || !batch || !options.pauseBatchIf) return item;

    const counted = await findBatch(trx, { workspaceId: options.workspaceId, batchId: batch.id });
    const pauseReason = counted && counted.status === "processing" && options.pauseBatchIf(counted);
    if (pauseReason) {
      await updateBatchStatus(trx, {
        workspaceId: options.workspaceId,
        batchId: batch.id,
        status: "paused",
        pauseReason,
      });
    }
    return item;
  });
}

export interface RequeueItemsOptions {
  workspaceId: string;
  batchId: string;
  /** Which items go back to the queue, e.g. ["failed"] for "retry failed items". */
  statuses: readonly Exclude<BatchItemStatus, "queued" | "succeeded">[];
  /** Only these items. */
  itemIds?: readonly string[];
  /** Only items claimed before this time (stale `processing` items of a dead worker). */
  startedBefore?: Date;
  /**
   * A user's retry: the items get a whole new allowance of attempts (attempts_before_retry
   * catches up with attempts, which keeps counting).
   */
  freshAllowance?: boolean;
}

/** Puts items back to queued (attempts are kept). Returns how many moved. */
export async function requeueItems(db: Kysely<DB>, options: RequeueItemsOptions): Promise<number> {
  if (options.statuses.length === 0 || options.itemIds?.length === 0) return 0;
  const result = await db
    .updateTable("batch_items")
    .set((eb) => ({
      status: "queued",
      started_at: null,
      finished_at: null,
      ...(options.freshAllowance ? { attempts_before_retry: eb.ref("attempts") } : {}),
    }))
    .where("workspace_id", "=", options.workspaceId)
    .where("batch_id", "=", options.batchId)
    .where("status", "in", options.statuses)
    .$if(options.itemIds !== undefined, (qb) => qb.where("id", "in", options.itemIds ?? []))
    .$if(options.startedBefore !== undefined, (qb) =>
      qb.where("started_at", "<", options.startedBefore ?? new Date()),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface UpdateBatchStatusOptions {
  workspaceId: string;
  batchId: string;
  status: BatchStatus;
  /** Why it paused (budget cap reached, rate limited, by a user); cleared on other statuses. */
  pauseReason?: string | null;
}

/**
 * Moves a batch to a new status if BATCH_STATUS_TRANSITIONS allows it (setting started_at and
 * completed_at as it goes); the same status again is a no-op. Throws `invalid_transition`
 * otherwise; undefined when the batch does not exist.
 */
export async function updateBatchStatus(
  db: Kysely<DB>,
  options: UpdateBatchStatusOptions,
): Promise<BatchJob | undefined> {
  return withTransaction(db, async (trx) => {
    const batch = await trx
      .selectFrom("batch_jobs")
      .selectAll()
      .where("workspace_id", "=", options.workspaceId)
      .where("id", "=", options.batchId)
      .forUpdate()
      .executeTakeFirst();
    if (!batch) return undefined;
    const pauseReason = options.status === "paused" ? (options.pauseReason ?? null) : null;
    if (batch.status === options.status && batch.pause_reason === pauseReason) return batch;
    if (
      batch.status !== options.status &&
      !BATCH_STATUS_TRANSITIONS[batch.status].includes(options.status)
    ) {
      throw new RepositoryError(
        "invalid_transition",
        `A ${batch.status} batch cannot become ${options.status}`,
      );
    }
    const finished = ["completed", "failed", "cancelled"].includes(options.status);
    return trx
      .updateTable("batch_jobs")
      .set({
        status: options.status,
        pause_reason: pauseReason,
        ...(options.status === "processing"
          ? { started_at: sql<Date>`coalesce(started_at, now())` }
          : {}),
        completed_at: finished ? sql<Date>`now()` : null,
      })
      .where("id", "=", batch.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** Cancels a batch and its queued items together; items already processing finish on their own. */
export async function cancelBatch(
  db: Kysely<DB>,
  options: { workspaceId: string; batchId: string },
): Promise<BatchJob | undefined> {
  return withTransaction(db, async (trx) => {
    const cancelled = await updateBatchStatus(trx, { ...options, status: "cancelled" });
    if (!cancelled) return undefined;
    await trx
      .updateTable("batch_items")
      .set({ status: "cancelled", finished_at: sql<Date>`now()` })
      .where("workspace_id", "=", options.workspaceId)
      .where("batch_id", "=", options.batchId)
      .where("status", "=", "queued")
      .execute();
    return findBatch(trx, options);
  });
}

/**
 * Marks a processing batch finished once no item is queued or processing: `completed`, or
 * `failed` when not a single item succeeded. Returns the batch when it changed it.
 */
export async function completeBatchIfFinished(
  db: Kysely<DB>,
  options: { workspaceId: string; batchId: string },
): Promise<BatchJob | undefined> {
  return db
    .updateTable("batch_jobs")
    .set({
      status: sql<BatchStatus>`case when succeeded_items = 0 and failed_items > 0 then 'failed' else 'completed' end`,
      completed_at: sql<Date>`now()`,
      pause_reason: null,
    })
    .where("workspace_id", "=", options.workspaceId)
    .where("id", "=", options.batchId)
    .where("status", "=", "processing")
    .where("queued_items", "=", 0)
    .where("processing_items", "=", 0)
    .returningAll()
    .executeTakeFirst();
}

export interface BatchCounters {
  total: number;
  queued: number;
  processing: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  actualCostUsd: number;
}

export interface RecountResult {
  stored: BatchCounters;
  actual: BatchCounters;
  consistent: boolean;
  /** Whether the stored counters were overwritten with the actual ones. */
  fixed: boolean;
}

/**
 * Recomputes a batch's counters from its items and its cost from its generation logs, and
 * with `fix` stores them. The triggers should make this a no-op; it exists to prove that and
 * to repair a database edited by hand.
 */
export async function recountBatch(
  db: Kysely<DB>,
  options: { workspaceId: string; batchId: string; fix?: boolean },
): Promise<RecountResult | undefined> {
  return withTransaction(db, async (trx) => {
    const batch = await trx
      .selectFrom("batch_jobs")
      .selectAll()
      .where("workspace_id", "=", options.workspaceId)
      .where("id", "=", options.batchId)
      .forUpdate()
      .executeTakeFirst();
    if (!batch) return undefined;

    const counts = await trx
      .selectFrom("batch_items")
      .select([
        (eb) => eb.fn.countAll<number>().as("total"),
        sql<number>`count(*) filter (where status = 'queued')`.as("queued"),
        sql<number>`count(*) filter (where status = 'processing')`.as("processing"),
        sql<number>`count(*) filter (where status = 'succeeded')`.as("succeeded"),
        sql<number>`count(*) filter (where status = 'failed')`.as("failed"),
        sql<number>`count(*) filter (where status = 'cancelled')`.as("cancelled"),
      ])
      .where("batch_id", "=", batch.id)
      .executeTakeFirstOrThrow();
    const cost = await trx
      .selectFrom("generation_logs")
      .select(sql<number>`coalesce(sum(cost_usd), 0)`.as("cost"))
      .where("batch_id", "=", batch.id)
      .executeTakeFirstOrThrow();

    const stored: BatchCounters = {
      total: batch.total_items,
      queued: batch.queued_items,
      processing: batch.processing_items,
      succeeded: batch.succeeded_items,
      failed: batch.failed_items,
      cancelled: batch.cancelled_items,
      actualCostUsd: batch.actual_cost_usd,
    };
    const actual: BatchCounters = { ...counts, actualCostUsd: Number(cost.cost) };
    const consistent = (Object.keys(stored) as (keyof BatchCounters)[]).every(
      (key) => stored[key] === actual[key],
    );
    if (consistent || !options.fix) return { stored, actual, consistent, fixed: false };

    await trx
      .updateTable("batch_jobs")
      .set({
        total_items: actual.total,
        queued_items: actual.queued,
        processing_items: actual.processing,
        succeeded_items: actual.succeeded,
        failed_items: actual.failed,
        cancelled_items: actual.cancelled,
        actual_cost_usd: actual.actualCostUsd,
      })
      .where("id", "=", batch.id)
      .execute();
    return { stored, actual, consistent, fixed: true };
  });
}

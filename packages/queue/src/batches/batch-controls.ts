// Pause, resume, cancel and retry for a running batch. Item jobs check their batch before they
// start, so the database status is what stops new work; the queue is tidied to match so
// cancelled and paused work does not linger in it.
import {
  type BatchJob,
  cancelBatch as cancelBatchRows,
  createBatchWithItems,
  type Database,
  findBatch,
  requeueItems,
  updateBatchStatus,
} from "@parley/db";
import { AppError } from "@parley/generation";
import type { Queue } from "../queue.ts";
import { enqueueQueuedItems } from "./enqueue-items.ts";
import { batchItemPages } from "./item-pages.ts";
import { notifyBatchChanged } from "./notify.ts";

interface BatchRef {
  workspaceId: string;
  batchId: string;
}

async function requireBatch(db: Database, ref: BatchRef): Promise<BatchJob> {
  const batch = await findBatch(db, ref);
  if (!batch) throw AppError.notFound("Batch", ref.batchId);
  return batch;
}

function cannot(batch: BatchJob, action: string): AppError {
  return new AppError("CONFLICT", `A ${batch.status} batch cannot be ${action}.`);
}

/** In-flight items finish; no new item starts until the batch is resumed. */
export async function pauseBatch(
  db: Database,
  queue: Queue,
  ref: BatchRef & { reason?: string },
): Promise<BatchJob> {
  const batch = await requireBatch(db, ref);
  if (batch.status !== "queued" && batch.status !== "processing") throw cannot(batch, "paused");
  const paused = await updateBatchStatus(db, {
    ...ref,
    status: "paused",
    pauseReason: ref.reason ?? "Paused by a user",
  });
  await queue.cancelQueued("generation.item", { batchId: ref.batchId });
  await notifyBatchChanged(db, ref.batchId);
  return paused ?? batch;
}

/** Continues where the batch stopped: its queued items go back on the queue. */
export async function resumeBatch(db: Database, queue: Queue, ref: BatchRef): Promise<BatchJob> {
  const batch = await requireBatch(db, ref);
  if (batch.status !== "paused") throw cannot(batch, "resumed");
  const resumed = await updateBatchStatus(db, {
    ...ref,
    status: batch.started_at ? "processing" : "queued",
  });
  if (!resumed) throw AppError.notFound("Batch", ref.batchId);
  // An item in flight at the pause that failed retryably left a retry job behind; every queued
  // item gets a fresh job below, so the stragglers go first (two jobs would generate it twice).
  await queue.cancelQueued("generation.item", { batchId: ref.batchId });
  await enqueueQueuedItems(db, queue, resumed);
  await notifyBatchChanged(db, ref.batchId);
  return resumed;
}

/** Queued items are cancelled; items already being generated finish and are kept. */
export async function cancelBatch(db: Database, queue: Queue, ref: BatchRef): Promise<BatchJob> {
  const batch = await requireBatch(db, ref);
  if (["completed", "failed", "cancelled"].includes(batch.status)) throw cannot(batch, "cancelled");
  const cancelled = await cancelBatchRows(db, ref);
  await queue.cancelQueued("generation.item", { batchId: ref.batchId });
  await notifyBatchChanged(db, ref.batchId);
  return cancelled ?? batch;
}

/**
 * Gives the failed items another go: on the same batch (reopening it), or as a new batch made of
 * just those items, which leaves the original untouched.
 */
export async function retryFailedItems(
  db: Database,
  queue: Queue,
  ref: BatchRef & { asNewBatch?: boolean; createdBy?: string | null },
): Promise<BatchJob> {
  const batch = await requireBatch(db, ref);
  if (batch.failed_items === 0) {
    throw new AppError("PRECONDITION_FAILED", "This batch has no failed items to retry.");
  }
  if (batch.status === "cancelled") throw cannot(batch, "retried");
  if (batch.status === "queued" || batch.status === "processing") {
    throw new AppError(
      "CONFLICT",
      "Wait for the batch to finish, or pause it, before retrying its failed items.",
    );
  }

  if (ref.asNewBatch) {
    const failed = await listAllItems(db, ref, "failed");
    const retry = await createBatchWithItems(db, {
      workspaceId: ref.workspaceId,
      name: `${batch.name} · retry of ${failed.length} failed`,
      config: { ...batch.config, retryOf: batch.id },
      priority: batch.priority,
      concurrency: batch.concurrency,
      errorStrategy: batch.error_strategy,
      providerMode: batch.provider_mode,
      budgetCapUsd: batch.budget_cap_usd,
      simulated: batch.simulated,
      createdBy: ref.createdBy ?? null,
      items: failed.map((item) => ({
        tier: item.tier,
        parameters: item.parameters,
        personaId: item.persona_id,
        arcId: item.arc_id,
        topicId: item.topic_id,
        edgeCaseId: item.edge_case_id,
        sourceChunkId: item.source_chunk_id,
        promptTemplateId: item.prompt_template_id,
      })),
    });
    await enqueueQueuedItems(db, queue, retry);
    return retry;
  }

  await requeueItems(db, { ...ref, statuses: ["failed"] });
  const reopened = await updateBatchStatus(db, { ...ref, status: "processing" });
  if (!reopened) throw AppError.notFound("Batch", ref.batchId);
  await enqueueQueuedItems(db, queue, reopened);
  await notifyBatchChanged(db, ref.batchId);
  return reopened;
}

async function listAllItems(db: Database, ref: BatchRef, status: "failed") {
  const all = [];
  for await (const page of batchItemPages(db, ref, [status])) all.push(...page);
  return all;
}

// Pause, resume, cancel and retry for a running batch, and regeneration of one conversation. Item jobs check their batch before they
// start, so the database status is what stops new work; the queue is tidied to match so
// cancelled and paused work does not linger in it.
import {
  type BatchJob,
  cancelBatch as cancelBatchRows,
  createBatchWithItems,
  type Database,
  findBatch,
  findConversation,
  findLatestRegeneration,
  itemReferences,
  requeueItems,
  type Tier,
  updateBatchStatus,
} from "@parley/db";
import { AppError } from "@parley/generation";
import { retryFailedPromptsAsNewBatch } from "../prompt-batches/retry-failed-prompts.ts";
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

/**
 * In-flight items finish; no new item starts until the batch is resumed. In Message Batches mode
 * the worker cancels the batch's running submissions at the provider: requests the provider has
 * not started are not run (nor billed) while paused, and go back to the queue for the resume.
 */
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
  if (batch.providerMode === "message_batches") {
    await queue.cancelQueued("message-batches.submit", { batchId: ref.batchId });
    await queue.send("message-batches.cancel", ref);
  }
  await notifyBatchChanged(db, ref.batchId);
  return paused ?? batch;
}

/** Continues where the batch stopped: its queued items go back on the queue. */
export async function resumeBatch(db: Database, queue: Queue, ref: BatchRef): Promise<BatchJob> {
  const batch = await requireBatch(db, ref);
  if (batch.status !== "paused") throw cannot(batch, "resumed");
  const resumed = await updateBatchStatus(db, {
    ...ref,
    status: batch.startedAt ? "processing" : "queued",
  });
  if (!resumed) throw AppError.notFound("Batch", ref.batchId);
  // An item in flight at the pause that failed retryably left a retry job behind; every queued
  // item gets a fresh job below, so the stragglers go first (two jobs would generate it twice).
  await queue.cancelQueued("generation.item", { batchId: ref.batchId });
  await enqueueQueuedItems(db, queue, resumed);
  await notifyBatchChanged(db, ref.batchId);
  return resumed;
}

/**
 * Queued items are cancelled; items already being generated finish and are kept. In Message
 * Batches mode the worker (which alone holds the API key) cancels the provider's batches at once;
 * their results still arrive through the poll.
 */
export async function cancelBatch(db: Database, queue: Queue, ref: BatchRef): Promise<BatchJob> {
  const batch = await requireBatch(db, ref);
  if (["completed", "failed", "cancelled"].includes(batch.status)) throw cannot(batch, "cancelled");
  const cancelled = await cancelBatchRows(db, ref);
  await queue.cancelQueued("generation.item", { batchId: ref.batchId });
  if (batch.providerMode === "message_batches") {
    await queue.cancelQueued("message-batches.submit", { batchId: ref.batchId });
    await queue.send("message-batches.cancel", ref);
  }
  await notifyBatchChanged(db, ref.batchId);
  return cancelled ?? batch;
}

/**
 * Gives the failed items another go: on the same batch (reopening it), or as a new batch made of
 * just those items, which leaves the original untouched. Either way each item has its full
 * allowance of attempts again (a new item starts at none).
 */
export async function retryFailedItems(
  db: Database,
  queue: Queue,
  ref: BatchRef & { asNewBatch?: boolean; createdBy?: string | null },
): Promise<BatchJob> {
  const batch = await requireBatch(db, ref);
  if (batch.failedItems === 0) {
    throw new AppError("PRECONDITION_FAILED", "This batch has no failed items to retry.");
  }
  if (batch.status === "cancelled") throw cannot(batch, "retried");
  if (batch.status === "queued" || batch.status === "processing") {
    throw new AppError(
      "CONFLICT",
      "Wait for the batch to finish, or pause it, before retrying its failed items.",
    );
  }

  if (ref.asNewBatch && batch.kind === "prompts") {
    return retryFailedPromptsAsNewBatch(db, queue, batch, ref.createdBy ?? null);
  }
  if (ref.asNewBatch) {
    const failed = await listAllItems(db, ref, "failed");
    const retry = await createBatchWithItems(db, {
      workspaceId: ref.workspaceId,
      name: `${batch.name} · retry of ${failed.length} failed`,
      config: { ...batch.config, retryOf: batch.id },
      priority: batch.priority,
      concurrency: batch.concurrency,
      errorStrategy: batch.errorStrategy,
      providerMode: batch.providerMode,
      budgetCapUsd: batch.budgetCapUsd,
      simulated: batch.simulated,
      createdBy: ref.createdBy ?? null,
      items: failed.map((item) => ({ ...itemReferences(item), parameters: item.parameters })),
    });
    await enqueueQueuedItems(db, queue, retry);
    return retry;
  }

  // Each gets the normal number of attempts again, not just the one past its limit.
  await requeueItems(db, { ...ref, statuses: ["failed"], freshAllowance: true });
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

export interface RegenerationOverrides {
  personaId?: string;
  arcId?: string;
  topicId?: string;
  tier?: Tier;
  /** Even, like every generated conversation (client first, consultant last). */
  turnCount?: number;
  /** Guidance for the new version, added to the prompt (e.g. "less jargon"). */
  note?: string;
}

export interface RegenerateConversationOptions {
  workspaceId: string;
  conversationId: string;
  overrides?: RegenerationOverrides;
  simulated: boolean;
  createdBy?: string | null;
}

/**
 * Asks for a new version of a conversation: a one-item batch generated by the worker like any
 * other. When it succeeds, completeItem links it to the old one by parent_id and archives the
 * old one in the same transaction (until then the old version stays live and reviewable).
 */
export async function regenerateConversation(
  db: Database,
  queue: Queue,
  options: RegenerateConversationOptions,
): Promise<{ batchId: string; itemId: string }> {
  const ref = { workspaceId: options.workspaceId, conversationId: options.conversationId };
  const conversation = await findConversation(db, ref);
  if (!conversation) throw AppError.notFound("Conversation", options.conversationId);
  if (conversation.status === "archived") {
    throw new AppError(
      "CONFLICT",
      "This version was replaced; regenerate its newest version instead.",
    );
  }
  const pending = await findLatestRegeneration(db, ref);
  if (pending && (pending.status === "queued" || pending.status === "processing")) {
    throw new AppError(
      "CONFLICT",
      "A new version of this conversation is already being generated.",
    );
  }

  const overrides = options.overrides ?? {};
  const tier = overrides.tier ?? conversation.tier;
  const edgeCaseId = tier === "edge_case" ? conversation.edgeCaseId : null;
  if (tier === "edge_case" && !edgeCaseId) {
    throw new AppError(
      "BAD_REQUEST",
      "Only a conversation generated from an edge case can be regenerated as an edge case.",
    );
  }
  const turnCount = overrides.turnCount ?? conversation.turnCount;
  if (!Number.isInteger(turnCount) || turnCount < 2 || turnCount % 2 !== 0) {
    throw new AppError("BAD_REQUEST", "The turn count must be an even number of at least 2.");
  }
  const source = conversation.batchId
    ? await findBatch(db, { workspaceId: options.workspaceId, batchId: conversation.batchId })
    : undefined;
  const sourceConfig = (source?.config ?? {}) as Record<string, unknown>;
  const note = overrides.note?.trim() ?? "";

  const batch = await createBatchWithItems(db, {
    workspaceId: options.workspaceId,
    name: `Regenerate “${conversation.title || "untitled"}” (v${conversation.version + 1})`,
    config: {
      ...pick(sourceConfig, ["model", "qualityThreshold", "llmJudge"]),
      ...(conversation.model && !sourceConfig.model ? { model: conversation.model } : {}),
      turnCount,
      regenerationOf: conversation.id,
    },
    providerMode: "realtime",
    concurrency: 1,
    simulated: options.simulated,
    createdBy: options.createdBy ?? null,
    items: [
      {
        tier,
        parameters: { regenerationOf: conversation.id, ...(note ? { note } : {}) },
        personaId: overrides.personaId ?? conversation.personaId,
        arcId: overrides.arcId ?? conversation.arcId,
        topicId: overrides.topicId ?? conversation.topicId,
        edgeCaseId,
        sourceChunkId: tier === "scenario" ? conversation.sourceChunkId : null,
        promptTemplateId: conversation.promptTemplateId,
      },
    ],
  });
  await enqueueQueuedItems(db, queue, batch);
  await notifyBatchChanged(db, batch.id);
  const regeneration = await findLatestRegeneration(db, ref);
  if (!regeneration) throw new AppError("INTERNAL", "The regeneration was not stored.");
  return { batchId: batch.id, itemId: regeneration.itemId };
}

function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => key in source).map((key) => [key, source[key]]));
}

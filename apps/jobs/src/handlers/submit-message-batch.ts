// Submits a Message Batches mode batch: its queued items go to the provider in as few
// submissions as the API limits allow (requests and bytes per batch), each recorded in
// provider_batches with its items claimed, and a poll job watches each one. Safe to run twice:
// only queued items are claimed, so an item is never in two submissions at once.
import {
  type BatchItem,
  type BatchJob,
  completeBatchIfFinished,
  createProviderBatch,
  failItem,
  findBatch,
  listBatchItems,
  updateBatchStatus,
  updateProviderBatch,
} from "@parley/db";
import {
  type ConversationRequest,
  isAppError,
  isProviderError,
  toMessageParams,
} from "@parley/generation";
import { budgetCapPauseReason, notifyBatchChanged, parsePayload } from "@parley/queue";
import type { Job } from "pg-boss";
import { itemRequestOptions } from "./batch-generation-config.ts";
import { cancelSubmission, stopsSubmissions } from "./cancel-message-batch.ts";
import { errorStrategyPause } from "./error-strategy.ts";
import { buildItemRequest } from "./item-request.ts";
import { isFinalAttempt, type MessageBatchDeps, schedulePoll } from "./message-batch-settings.ts";

interface PreparedRequest {
  item: BatchItem;
  request: ConversationRequest;
  /** Its share of the request body: `{"custom_id":…,"params":…}` plus a comma. */
  bytes: number;
}

/** `{"requests":[` and `]}`. */
const BODY_OVERHEAD_BYTES = 16;
const PAGE_SIZE = 500;

export async function handleSubmitMessageBatch(
  deps: MessageBatchDeps,
  job: Job<unknown>,
): Promise<void> {
  const { db } = deps;
  const payload = parsePayload("message-batches.submit", job.data);
  const ref = { workspaceId: payload.workspaceId, batchId: payload.batchId };
  const batch = await findBatch(db, ref);
  if (batch?.providerMode !== "message_batches") return;
  if (batch.status !== "queued" && batch.status !== "processing") return;

  const limits = deps.messageBatches;
  const allowance = budgetAllowance(batch);
  let chunk: PreparedRequest[] = [];
  let chunkBytes = BODY_OVERHEAD_BYTES;
  let taken = 0;
  let stoppedByBudget = false;
  const flush = async () => {
    if (chunk.length > 0) await submitChunk(deps, job, batch, chunk);
    chunk = [];
    chunkBytes = BODY_OVERHEAD_BYTES;
  };

  let afterPosition: number | undefined;
  pages: for (;;) {
    const page = await listBatchItems(db, {
      ...ref,
      statuses: ["queued"],
      limit: PAGE_SIZE,
      ...(afterPosition === undefined ? {} : { afterPosition }),
    });
    if (page.length === 0) break;
    afterPosition = page.at(-1)?.position;
    for (const item of page) {
      if (taken >= allowance) {
        stoppedByBudget = true;
        break pages;
      }
      const prepared = await prepareRequest(deps, batch, item);
      if (prepared === "paused") {
        chunk = [];
        break pages;
      }
      if (!prepared) continue;
      if (
        chunk.length >= limits.maxRequestsPerBatch ||
        chunkBytes + prepared.bytes > limits.maxBytesPerBatch
      ) {
        await flush();
      }
      chunk.push(prepared);
      chunkBytes += prepared.bytes;
      taken++;
    }
  }
  await flush();
  if (stoppedByBudget) await pauseForBudget(deps, batch);
  await completeBatchIfFinished(db, ref);
  await notifyBatchChanged(db, batch.id);
}

/**
 * The item's request, or null when it cannot be built (the item is failed, as in realtime), or
 * "paused" when that failure made the error strategy pause the batch.
 */
async function prepareRequest(
  deps: MessageBatchDeps,
  batch: BatchJob,
  item: BatchItem,
): Promise<PreparedRequest | null | "paused"> {
  try {
    const { request } = await buildItemRequest(deps.db, item, itemRequestOptions(batch));
    const params = toMessageParams(request, deps.provider.model);
    const bytes = Buffer.byteLength(JSON.stringify({ custom_id: item.id, params })) + 1;
    return { item, request, bytes };
  } catch (error) {
    if (!isAppError(error)) throw error;
    await failItem(deps.db, {
      workspaceId: item.workspaceId,
      itemId: item.id,
      error: error.message,
      errorCode: error.code.toLowerCase(),
      pauseBatchIf: errorStrategyPause,
    });
    deps.log(`item ${item.position + 1} of batch ${batch.id} failed: ${error.message}`);
    const current = await findBatch(deps.db, {
      workspaceId: batch.workspaceId,
      batchId: batch.id,
    });
    return current?.status === "paused" ? "paused" : null;
  }
}

/**
 * Claims the chunk's items into a new provider batch, then sends it. The poll is scheduled
 * before the call, so a submission whose worker dies mid-call is still found and undone.
 */
async function submitChunk(
  deps: MessageBatchDeps,
  job: Job<unknown>,
  batch: BatchJob,
  chunk: readonly PreparedRequest[],
): Promise<void> {
  const { db } = deps;
  const scope = { workspaceId: batch.workspaceId };
  const { providerBatch, items } = await createProviderBatch(db, {
    ...scope,
    batchId: batch.id,
    // custom_id is the item id: a uuid fits ^[a-zA-Z0-9_-]{1,64}$ and is unique in the batch.
    requests: chunk.map(({ item }) => ({ itemId: item.id, customId: item.id })),
  });
  if (items.length === 0) {
    await updateProviderBatch(db, {
      ...scope,
      id: providerBatch.id,
      status: "ended",
      error: "Nothing to submit: the items were claimed, or the batch stopped, meanwhile.",
      endedAt: new Date(),
    });
    return;
  }
  await notifyBatchChanged(db, batch.id);
  const pollRef = { ...scope, batchId: batch.id, providerBatchId: providerBatch.id };
  await schedulePoll(deps, pollRef);

  const claimed = new Set(items.map((item) => item.id));
  const requests = chunk
    .filter(({ item }) => claimed.has(item.id))
    .map(({ item, request }) => ({ customId: item.id, request }));
  let remoteId: string;
  try {
    remoteId = (await deps.provider.createMessageBatch(requests, { signal: job.signal })).id;
  } catch (error) {
    // Nothing was accepted. Transient trouble: the items go back to the queue and the job is
    // retried. Otherwise (or on the job's last try) they fail with the provider's message.
    const retryable = isProviderError(error) ? error.retryable : !isAppError(error);
    const requeue =
      job.signal.aborted ||
      (retryable && !isFinalAttempt("message-batches.submit", job.retryCount));
    const message = error instanceof Error ? error.message : String(error);
    await updateProviderBatch(db, {
      ...scope,
      id: providerBatch.id,
      status: "failed",
      error: message,
      endedAt: new Date(),
    });
    for (const item of items) {
      await failItem(db, {
        ...scope,
        itemId: item.id,
        requeue,
        error: `The Message Batch could not be submitted: ${message}`,
        errorCode: isProviderError(error) ? error.code : "internal_error",
        ...(requeue ? {} : { pauseBatchIf: errorStrategyPause }),
      });
    }
    await notifyBatchChanged(db, batch.id);
    if (requeue) throw error;
    deps.log(`a Message Batch of batch ${batch.id} could not be submitted: ${message}`);
    return;
  }
  const submitted = await updateProviderBatch(db, {
    ...scope,
    id: providerBatch.id,
    providerBatchId: remoteId,
    status: "in_progress",
    submittedAt: new Date(),
  });
  deps.log(`batch ${batch.id}: ${requests.length} requests submitted as Message Batch ${remoteId}`);
  // A cancel or pause that came while the submission was being sent found no provider id to
  // cancel.
  const current = await findBatch(db, { ...scope, batchId: batch.id });
  if (submitted && current && stopsSubmissions(current)) {
    await cancelSubmission(deps, submitted, job.signal).catch((error: unknown) => {
      // The poll cancels it on its next check.
      deps.log(`Message Batch ${remoteId} not cancelled yet: ${String(error)}`);
    });
  }
}

/**
 * How many more items the budget cap lets this run submit: what was spent plus what the items
 * in flight may still spend must stay under the cap (the realtime rule, applied to a chunk).
 */
function budgetAllowance(batch: BatchJob): number {
  if (batch.budgetCapUsd === null) return Number.POSITIVE_INFINITY;
  const perItem = perItemReserve(batch);
  if (perItem <= 0) return Number.POSITIVE_INFINITY;
  const left = batch.budgetCapUsd - batch.actualCostUsd - perItem * batch.processingItems;
  return Math.max(0, Math.floor(left / perItem + 1e-9));
}

function perItemReserve(batch: BatchJob): number {
  const config = batch.config as { estimate?: { upperBoundCostUsd?: number } };
  return (
    (config.estimate?.upperBoundCostUsd ?? batch.estimatedCostUsd ?? 0) /
    Math.max(1, batch.totalItems)
  );
}

async function pauseForBudget(deps: MessageBatchDeps, batch: BatchJob): Promise<void> {
  const ref = { workspaceId: batch.workspaceId, batchId: batch.id };
  const current = (await findBatch(deps.db, ref)) ?? batch;
  const cap = current.budgetCapUsd ?? 0;
  const reserved = perItemReserve(current) * current.processingItems;
  await updateBatchStatus(deps.db, {
    ...ref,
    status: "paused",
    pauseReason: budgetCapPauseReason({
      id: current.id,
      capUsd: cap,
      spentUsd: current.actualCostUsd,
      reservedUsd: reserved,
    }),
  }).catch(() => undefined);
  await deps.queue.cancelQueued("message-batches.submit", { batchId: batch.id });
}

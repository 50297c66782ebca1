// Generates one batch item. Safe to run twice for the same item (a job redelivered after a
// crash or expiry): claiming is conditional, storing is idempotent, and a finished item is left
// alone. Rate-limit trouble never fails an item while the job has retries left.
import {
  type BatchJob,
  completeBatchIfFinished,
  completeItem,
  type Database,
  failItem,
  findBatch,
  holdsItemLease,
  isLeaseLostError,
  markItemProcessing,
  updateBatchStatus,
} from "@parley/db";
import {
  assessQuality,
  type ConversationProvider,
  isAppError,
  isProviderError,
} from "@parley/generation";
import {
  budgetCapPauseReason,
  generationJobSendOptions,
  JOBS,
  notifyBatchChanged,
  parsePayload,
  type Queue,
} from "@parley/queue";
import type { Job } from "pg-boss";
import { answerPromptItem } from "./answer-prompt-item.ts";
import { itemRequestOptions, qualityThresholdOf } from "./batch-generation-config.ts";
import { errorStrategyPause } from "./error-strategy.ts";
import { buildItemRequest } from "./item-request.ts";
import { heuristicQuality, judgeItem } from "./judge-item.ts";
import { loggedAnswer } from "./logged-answer.ts";
import { recordAttempt } from "./record-attempt.ts";
import { storedConversation } from "./stored-conversation.ts";

export interface GenerateItemDeps {
  db: Database;
  queue: Queue;
  provider: ConversationProvider;
  simulated: boolean;
  log: (message: string) => void;
}

const RETRY_LIMIT = JOBS["generation.item"].queue.retryLimit;

export async function handleGenerateItem(deps: GenerateItemDeps, job: Job<unknown>): Promise<void> {
  const { db } = deps;
  const payload = parsePayload("generation.item", job.data);
  const ref = { workspaceId: payload.workspaceId, itemId: payload.itemId };
  const batchRef = { workspaceId: payload.workspaceId, batchId: payload.batchId };

  // Any item still marked processing was claimed by a job that is no longer running (pg-boss
  // gives a job to one worker at a time), so it is taken over.
  const claim = await markItemProcessing(db, {
    ...ref,
    reclaimStartedBefore: new Date(),
    withinConcurrency: true,
  });
  if (!claim.claimed && claim.reason === "at_capacity") {
    // Every slot of the batch is taken: the item waits its turn in a new job (this one ends), so
    // waiting never uses up the job's retries.
    await requeueLater(deps, batchRef, payload.itemId);
    return;
  }
  if (!claim.claimed) {
    // A worker killed after storing the item's result but before finishing the batch leaves
    // its redelivered job here: the batch must still be finished, or it stays processing.
    if (claim.reason === "not_queued") await completeBatchIfFinished(db, batchRef);
    return;
  }
  const { item } = claim;
  // Every write below is fenced by this claim's token: if pg-boss hands the job to another
  // worker (this one's heartbeat was lost while it was still alive), that worker's claim
  // replaces the token, and this one stops without calling the provider or storing anything.
  const leaseToken = item.leaseToken ?? "";
  const lease = { ...ref, leaseToken };

  const batch = await findBatch(db, batchRef);
  if (!batch) return;
  await notifyBatchChanged(db, batch.id);
  if (await budgetExhausted(deps, batch, item.id, leaseToken)) return;

  const finalJobAttempt = job.retryCount >= RETRY_LIMIT;
  try {
    if (batch.kind === "prompts") {
      await answerPromptItem({ ...deps, batch, item, lease, signal: job.signal });
      await completeBatchIfFinished(db, batchRef);
      await notifyBatchChanged(db, batch.id);
      return;
    }
    const config = batch.config as { llmJudge?: boolean };
    const { request, qualityContext, consultantProfileId } = await buildItemRequest(
      db,
      item,
      itemRequestOptions(batch),
    );
    if (!(await holdsItemLease(db, lease))) {
      deps.log(`item ${item.position + 1} of batch ${batch.id} was taken over by another worker`);
      return;
    }
    // A previous claim may have been paid for an answer it logged but never stored (killed, or
    // cut off from Postgres, in between): that answer is stored now, not bought a second time.
    const recovered = await loggedAnswer(db, ref);
    if (recovered) {
      deps.log(`item ${item.position + 1} of batch ${batch.id}: storing the answer already logged`);
    }
    const result =
      recovered ??
      (await deps.provider.generateConversation(request, {
        signal: job.signal,
        onAttempt: (attempt) =>
          recordAttempt(db, attempt, { ...batchRef, itemId: item.id, tier: item.tier }),
      }));
    const threshold = qualityThresholdOf(batch);
    const assessment = assessQuality(result.conversation, qualityContext, { threshold });
    const judged = config.llmJudge
      ? await judgeItem({
          provider: deps.provider,
          conversation: result.conversation,
          request,
          assessment,
          model: result.model,
          threshold,
          context: qualityContext,
          signal: job.signal,
          onAttempt: (attempt) =>
            recordAttempt(db, attempt, {
              ...batchRef,
              itemId: item.id,
              tier: item.tier,
              purpose: "judge",
            }),
        })
      : undefined;
    const quality =
      judged ??
      heuristicQuality({
        conversation: result.conversation,
        context: qualityContext,
        assessment,
        threshold,
      });
    await completeItem(db, {
      ...lease,
      ...storedConversation({
        conversation: result.conversation,
        request,
        quality,
        consultantProfileId,
        simulated: result.simulated,
        model: result.model,
        usage: result.usage,
        costUsd: result.costUsd,
        judgeCostUsd: judged?.judgeCostUsd ?? 0,
      }),
    });
  } catch (error) {
    if (isLeaseLostError(error)) {
      // The worker that took the item over stores it; this run's provider calls stay logged.
      deps.log(`item ${item.position + 1} of batch ${batch.id}: ${error.message}`);
      return;
    }
    const retryable = isProviderError(error) ? error.retryable : !isAppError(error);
    if (job.signal.aborted || (retryable && !finalJobAttempt)) {
      // Back to the queue; pg-boss runs the job again after its backoff. Not when another worker
      // took the item over: the retry would take it from that worker in turn.
      const requeued = await failItem(db, {
        ...lease,
        requeue: true,
        error: describe(error),
        errorCode: codeOf(error),
      });
      await notifyBatchChanged(db, batch.id);
      if (!requeued) return;
      throw error;
    }
    const failed = await failItem(db, {
      ...lease,
      error: describe(error),
      errorCode: codeOf(error),
      pauseBatchIf: errorStrategyPause,
    });
    if (!failed) return;
    deps.log(`item ${item.position + 1} of batch ${batch.id} failed: ${describe(error)}`);
    await applyErrorStrategy(deps, batchRef);
  }
  await completeBatchIfFinished(db, batchRef);
  await notifyBatchChanged(db, batch.id);
}

/**
 * The budget cap counts what was spent plus what the items now in flight may still spend; when
 * that would pass the cap, the batch pauses (with the reason shown) and this item waits.
 */
async function budgetExhausted(
  deps: GenerateItemDeps,
  batch: BatchJob,
  itemId: string,
  leaseToken: string,
): Promise<boolean> {
  if (batch.budgetCapUsd === null) return false;
  const config = batch.config as { estimate?: { upperBoundCostUsd?: number } };
  const perItem =
    (config.estimate?.upperBoundCostUsd ?? batch.estimatedCostUsd ?? 0) /
    Math.max(1, batch.totalItems);
  const reserved = perItem * batch.processingItems;
  if (batch.actualCostUsd + reserved <= batch.budgetCapUsd) return false;

  const ref = { workspaceId: batch.workspaceId, batchId: batch.id };
  await failItem(deps.db, {
    workspaceId: batch.workspaceId,
    itemId,
    leaseToken,
    requeue: true,
    error: "Waiting: the batch's budget cap was reached",
    errorCode: "budget_cap",
  });
  await updateBatchStatus(deps.db, {
    ...ref,
    status: "paused",
    pauseReason: budgetCapPauseReason({
      id: batch.id,
      capUsd: batch.budgetCapUsd,
      spentUsd: batch.actualCostUsd,
      reservedUsd: reserved,
    }),
  }).catch(() => undefined);
  await deps.queue.cancelQueued("generation.item", { batchId: batch.id });
  await notifyBatchChanged(deps.db, batch.id);
  return true;
}

/** How long an item that found its batch at capacity waits before trying again. */
const CAPACITY_RETRY_SECONDS = 1;

async function requeueLater(
  deps: GenerateItemDeps,
  ref: { workspaceId: string; batchId: string },
  itemId: string,
): Promise<void> {
  const batch = await findBatch(deps.db, ref);
  if (!batch) return;
  await deps.queue.send(
    "generation.item",
    { ...ref, itemId },
    {
      ...generationJobSendOptions(batch),
      startAfter: CAPACITY_RETRY_SECONDS,
    },
  );
}

/** Once the error strategy has paused the batch, its queued jobs are withdrawn from the queue. */
async function applyErrorStrategy(
  deps: GenerateItemDeps,
  ref: { workspaceId: string; batchId: string },
): Promise<void> {
  const batch = await findBatch(deps.db, ref);
  if (!batch || batch.errorStrategy === "continue" || batch.status !== "paused") return;
  await deps.queue.cancelQueued("generation.item", { batchId: batch.id });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function codeOf(error: unknown): string {
  if (isProviderError(error)) return error.code;
  if (isAppError(error)) return error.code.toLowerCase();
  return "internal_error";
}

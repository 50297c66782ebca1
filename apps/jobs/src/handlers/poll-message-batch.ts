// Watches one submitted Message Batch. While it runs, the job schedules its next check; once it
// has ended, every result is applied to its item (by custom_id) the way a realtime call's
// result is: validated, scored, stored with completeItem and logged at the batch price. Errored
// and expired requests go back to the queue for another submission, up to a limit. Safe to run
// twice: a result is applied only to an item still waiting for it, under its row lock.
//
// A batch with the LLM judge on has each conversation judged in real time (at the real-time
// price, logged as purpose=judge) before it is stored, up to the batch's concurrency at once.
// The judge runs outside the storing transaction: a worker that dies in between leaves the item
// waiting, and the next run judges it again (that judge call stays billed to the batch) and
// stores it once.
import {
  type BatchItem,
  type BatchJob,
  cancelPendingItem,
  completeBatchIfFinished,
  completeItem,
  type Database,
  failItem,
  findBatch,
  findItemByCustomId,
  findProviderBatch,
  type InsertGenerationLogOptions,
  insertGenerationLog,
  isLeaseLostError,
  LeaseLostError,
  listPendingProviderBatchItems,
  lockPendingItemByCustomId,
  type ProviderBatch,
  renewResultLease,
  updateProviderBatch,
  withTransaction,
} from "@parley/db";
import {
  assessQuality,
  isAppError,
  type MessageBatch,
  type MessageBatchItemResult,
  toMessageParams,
} from "@parley/generation";
import { notifyBatchChanged, PRIORITY_LEVELS, parsePayload } from "@parley/queue";
import type { Job } from "pg-boss";
import { itemRequestOptions, qualityThresholdOf } from "./batch-generation-config.ts";
import { stopsSubmissions } from "./cancel-message-batch.ts";
import { errorStrategyPause } from "./error-strategy.ts";
import { buildItemRequest, type ItemRequest } from "./item-request.ts";
import { heuristicQuality, type JudgedQuality, judgeItem } from "./judge-item.ts";
import { type MessageBatchDeps, requestCounts, schedulePoll } from "./message-batch-settings.ts";
import { reconcileSubmission, SUBMISSION_LOST_AFTER_MS } from "./reconcile-submissions.ts";
import { recordAttempt } from "./record-attempt.ts";
import { type HeldResultLease, holdResultLease } from "./result-lease-keeper.ts";
import { storedConversation } from "./stored-conversation.ts";

const NOTIFY_EVERY = 50;

type Outcome = "succeeded" | "requeued" | "failed" | "cancelled" | "skipped";

/** Judge calls started at once for an automatic batch; the shared rate budget paces them. */
const AUTO_JUDGE_CALLS = 32;

export async function handlePollMessageBatch(
  deps: MessageBatchDeps,
  job: Job<unknown>,
): Promise<void> {
  const { db, provider } = deps;
  const payload = parsePayload("message-batches.poll", job.data);
  const ref = { workspaceId: payload.workspaceId, batchId: payload.batchId };
  const record = await findProviderBatch(db, {
    workspaceId: payload.workspaceId,
    id: payload.providerBatchId,
  });
  if (!record || record.status === "ended" || record.status === "failed") return;
  if (!record.providerBatchId) {
    await recoverLostSubmission(deps, record, job.signal);
    return;
  }

  const batch = await findBatch(db, ref);
  if (!batch) return;
  let remote = await provider.retrieveMessageBatch(record.providerBatchId, {
    signal: job.signal,
  });
  if (stopsSubmissions(batch) && remote.processing_status === "in_progress") {
    remote = await provider.cancelMessageBatch(record.providerBatchId, { signal: job.signal });
    deps.log(`batch ${batch.id} was ${batch.status}: cancelling Message Batch ${remote.id}`);
  }
  if (remote.processing_status !== "ended") {
    await updateProviderBatch(db, {
      workspaceId: record.workspaceId,
      id: record.id,
      status: remote.processing_status,
      ...requestCounts(remote),
    });
    await schedulePoll(deps, { ...ref, providerBatchId: record.id });
    return;
  }

  // One poll at a time applies a submission's results: another one running at once (a poll job
  // redelivered while the first run is alive) would judge and bill every result a second time.
  // This one comes back later, and finds the submission ended, or its holder gone.
  const held = await holdResultLease(db, record);
  if (!held) {
    await schedulePoll(deps, { ...ref, providerBatchId: record.id });
    return;
  }
  try {
    await applyResults(deps, job, record, batch, remote, held);
  } catch (error) {
    if (!isLeaseLostError(error)) throw error;
    deps.log(`batch ${batch.id}: ${error.message}`);
  } finally {
    await held.release();
  }
}

/** Applies an ended submission's results, then resubmits what is to be tried again. */
async function applyResults(
  deps: MessageBatchDeps,
  job: Job<unknown>,
  record: ProviderBatch,
  batch: BatchJob,
  remote: MessageBatch,
  held: HeldResultLease,
): Promise<void> {
  const { db, provider } = deps;
  const ref = { workspaceId: record.workspaceId, batchId: record.batchId };
  // Read again: a cancel that arrived while the batch was processing decides what a request
  // that did not succeed becomes.
  const current = (await findBatch(db, ref)) ?? batch;
  const tally: Record<Outcome, number> = {
    succeeded: 0,
    requeued: 0,
    failed: 0,
    cancelled: 0,
    skipped: 0,
  };
  let applied = 0;
  // Results are applied one at a time, or, when each waits on a judge call, up to the batch's
  // concurrency at once (an automatic batch: as many as the rate limiter lets through).
  const limit = judgeOn(current) ? Math.max(1, current.concurrency ?? AUTO_JUDGE_CALLS) : 1;
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  for await (const result of provider.messageBatchResults(remote.id, { signal: job.signal })) {
    if (failure) break;
    const task: Promise<void> = applyResult(deps, held, record, current, result, job.signal)
      .then(async (outcome) => {
        tally[outcome]++;
        // Live progress views follow a large submission as its results land.
        if (++applied % NOTIFY_EVERY === 0) await notifyBatchChanged(db, batch.id);
      })
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
    if (inFlight.size >= limit) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure) throw failure.error;
  // Every request has a result line; one that does not is treated like an expired request.
  for (const item of await listPendingProviderBatchItems(db, {
    workspaceId: record.workspaceId,
    providerBatchId: record.id,
  })) {
    const customId = item.providerCustomId ?? item.id;
    const expired = { customId, type: "expired" as const };
    tally[await applyResult(deps, held, record, current, expired, job.signal)]++;
  }
  await held.check();
  await updateProviderBatch(db, {
    workspaceId: record.workspaceId,
    id: record.id,
    status: "ended",
    ...requestCounts(remote),
    resultsUrl: remote.results_url,
    endedAt: remote.ended_at ? new Date(remote.ended_at) : new Date(),
  });
  deps.log(
    `batch ${batch.id}: Message Batch ${remote.id} ended (${tally.succeeded} stored, ${tally.requeued} to resubmit, ${tally.failed} failed, ${tally.cancelled} cancelled)`,
  );

  // Resubmission looks at the queue, not this run's tally: a run that died before this point
  // left its requeued items for the retry.
  await resubmit(deps, current);
  await completeBatchIfFinished(db, ref);
  await notifyBatchChanged(db, batch.id);
}

/** Requeued items are picked up by a new submission while the batch runs (else on resume). */
async function resubmit(deps: MessageBatchDeps, batch: BatchJob): Promise<void> {
  const ref = { workspaceId: batch.workspaceId, batchId: batch.id };
  const current = await findBatch(deps.db, ref);
  if (current?.status !== "processing" && current?.status !== "queued") return;
  if (current.queuedItems === 0) return;
  await deps.queue.send("message-batches.submit", ref, {
    priority: PRIORITY_LEVELS[current.priority],
  });
}

function judgeOn(batch: BatchJob): boolean {
  return (batch.config as { llmJudge?: boolean }).llmJudge === true;
}

/** Applies one result line to its item, at most once. */
async function applyResult(
  deps: MessageBatchDeps,
  held: HeldResultLease,
  record: ProviderBatch,
  batch: BatchJob,
  result: MessageBatchItemResult,
  signal: AbortSignal,
): Promise<Outcome> {
  const { db } = deps;
  const lookup = {
    workspaceId: record.workspaceId,
    providerBatchId: record.id,
    customId: result.customId,
  };
  const pending = await findItemByCustomId(db, lookup);
  if (pending?.status !== "processing") return "skipped";
  // The request is rebuilt from the item's scaffolding (as submitted) for the log and, on
  // success, for the quality context. Outside the transaction: these are plain reads.
  // Only a missing scaffolding row (an AppError) is the item's fault; anything else is retried.
  const built = await buildItemRequest(db, pending, itemRequestOptions(batch)).catch(
    (error: unknown) => {
      if (isAppError(error)) return error;
      throw error;
    },
  );
  const params =
    built instanceof Error ? null : toMessageParams(built.request, deps.provider.model);
  const model = params?.model ?? deps.provider.model;
  // Scored before the transaction, so no judge call holds the item's row lock. A judge call is
  // billed: made only while this poll still holds the results.
  const scoring = result.type === "succeeded" && !(built instanceof Error);
  if (scoring && judgeOn(batch)) await held.check();
  const quality = scoring
    ? await scoreResult(deps, pending, batch, built, result, signal)
    : undefined;

  return withTransaction(db, async (trx) => {
    // Locks the submission's row until commit: a poll taking the results over waits for this
    // store, and one that took them over already makes this one store nothing.
    if (!(await renewResultLease(trx, held.lease))) {
      throw new LeaseLostError("Another poll took over this Message Batch's results.");
    }
    const item = await lockPendingItemByCustomId(trx, lookup);
    if (!item) return "skipped";
    const log = (fields: LogFields) =>
      insertGenerationLog(trx, {
        workspaceId: record.workspaceId,
        batchId: record.batchId,
        batchItemId: item.id,
        providerBatchId: record.id,
        tier: item.tier,
        attempt: item.attempts,
        request: params,
        simulated: deps.provider.simulated,
        ...fields,
      });

    switch (result.type) {
      case "succeeded": {
        await log({ ...billedFields(result), status: "succeeded" });
        if (built instanceof Error || !quality) {
          const error = built instanceof Error ? built : new Error("The result was not scored.");
          const code = built instanceof Error ? built.code.toLowerCase() : "internal_error";
          return settleFailure(trx, deps, item, batch, error.message, code, false);
        }
        await store(trx, deps, item, built, result, quality);
        return "succeeded";
      }
      case "malformed":
        // As in realtime, unusable output is tried again; the raw text stays in the log.
        await log({
          ...billedFields(result),
          status: "failed",
          errorCode: result.error.code,
          errorMessage: result.error.message,
        });
        return settleFailure(
          trx,
          deps,
          item,
          batch,
          `The model's output was unusable. ${result.error.message}`,
          result.error.code,
          true,
        );
      case "errored":
        await log({
          model,
          status: "failed",
          response: { type: "errored", code: result.error.code, message: result.error.message },
          errorCode: result.error.code,
          errorMessage: result.error.message,
          requestId: result.error.requestId,
        });
        return settleFailure(
          trx,
          deps,
          item,
          batch,
          result.error.message,
          result.error.code,
          result.error.retryable,
        );
      case "expired":
      case "canceled": {
        const message =
          result.type === "expired"
            ? "The request expired before its Message Batch reached it."
            : "The request was cancelled with its Message Batch.";
        await log({
          model,
          status: "failed",
          response: { type: result.type },
          errorCode: result.type,
          errorMessage: message,
        });
        return settleFailure(trx, deps, item, batch, message, result.type, true);
      }
    }
  });
}

type LogFields = Omit<
  InsertGenerationLogOptions,
  "workspaceId" | "batchId" | "batchItemId" | "providerBatchId" | "tier" | "attempt"
>;

/** What a request that produced output was billed: its model, output, tokens and cost. */
function billedFields(
  result: Extract<MessageBatchItemResult, { type: "succeeded" | "malformed" }>,
): Pick<
  LogFields,
  | "model"
  | "rawText"
  | "inputTokens"
  | "outputTokens"
  | "cacheCreationTokens"
  | "cacheReadTokens"
  | "costUsd"
> {
  return {
    model: result.model,
    rawText: result.rawText,
    inputTokens: result.usage.inputTokens,
    outputTokens: result.usage.outputTokens,
    cacheCreationTokens: result.usage.cacheCreationInputTokens,
    cacheReadTokens: result.usage.cacheReadInputTokens,
    costUsd: result.costUsd,
  };
}

/**
 * Scores the conversation exactly as the realtime path does: the heuristics, and the LLM judge
 * (a realtime call, every attempt logged) when the batch has it on.
 */
async function scoreResult(
  deps: MessageBatchDeps,
  item: BatchItem,
  batch: BatchJob,
  built: ItemRequest,
  result: Extract<MessageBatchItemResult, { type: "succeeded" }>,
  signal: AbortSignal,
): Promise<JudgedQuality> {
  const threshold = qualityThresholdOf(batch);
  const assessment = assessQuality(result.conversation, built.qualityContext, { threshold });
  const scored = {
    conversation: result.conversation,
    context: built.qualityContext,
    assessment,
    threshold,
  };
  if (!judgeOn(batch)) return { ...heuristicQuality(scored), judgeCostUsd: 0 };
  return judgeItem({
    provider: deps.provider,
    conversation: result.conversation,
    request: built.request,
    assessment,
    model: result.model,
    threshold,
    context: built.qualityContext,
    signal,
    onAttempt: (attempt) =>
      recordAttempt(deps.db, attempt, {
        workspaceId: item.workspaceId,
        batchId: item.batchId,
        itemId: item.id,
        tier: item.tier,
        purpose: "judge",
      }),
  });
}

/** Stores the scored conversation (idempotently). */
async function store(
  trx: Database,
  deps: MessageBatchDeps,
  item: BatchItem,
  built: ItemRequest,
  result: Extract<MessageBatchItemResult, { type: "succeeded" }>,
  quality: JudgedQuality,
): Promise<void> {
  await completeItem(trx, {
    workspaceId: item.workspaceId,
    itemId: item.id,
    ...storedConversation({
      conversation: result.conversation,
      request: built.request,
      quality,
      consultantProfileId: built.consultantProfileId,
      simulated: deps.provider.simulated,
      model: result.model,
      usage: result.usage,
      costUsd: result.costUsd,
      judgeCostUsd: quality.judgeCostUsd,
    }),
  });
}

/**
 * A request that did not produce a conversation: cancelled with its batch, back to the queue
 * for another submission (retryable, attempts left), or failed with its error kept.
 */
async function settleFailure(
  trx: Database,
  deps: MessageBatchDeps,
  item: BatchItem,
  batch: BatchJob,
  error: string,
  errorCode: string,
  retryable: boolean,
): Promise<Outcome> {
  const ref = { workspaceId: item.workspaceId, itemId: item.id };
  if (batch.status === "cancelled") {
    await cancelPendingItem(trx, { ...ref, error });
    return "cancelled";
  }
  // Submissions since the user last retried the item count toward the limit. A request the
  // provider never started because the batch was paused is not the item's failure: it always
  // goes back to the queue, for the resume.
  const submissions = item.attempts - item.attemptsBeforeRetry;
  const pausedBeforeItsTurn = errorCode === "canceled" && batch.status === "paused";
  if (pausedBeforeItsTurn || (retryable && submissions < deps.messageBatches.maxAttempts)) {
    await failItem(trx, { ...ref, requeue: true, error, errorCode });
    return "requeued";
  }
  const tries =
    (submissions === 1 ? "1 submission" : `${submissions} submissions`) +
    (item.attemptsBeforeRetry > 0 ? ` since the retry, ${item.attempts} in all` : "");
  await failItem(trx, {
    ...ref,
    error: `${error} (after ${tries})`,
    errorCode,
    pauseBatchIf: errorStrategyPause,
  });
  deps.log(`item ${item.position + 1} of batch ${batch.id} failed: ${error}`);
  return "failed";
}

/**
 * A submission recorded (its items claimed) whose worker died before the provider's answer was
 * stored. If the provider accepted it, its batch is found in the provider's list and polled;
 * once the submission is certainly dead and the provider has no batch for it, its items go back
 * to the queue and are submitted again.
 */
async function recoverLostSubmission(
  deps: MessageBatchDeps,
  record: ProviderBatch,
  signal: AbortSignal,
): Promise<void> {
  const ref = { workspaceId: record.workspaceId, batchId: record.batchId };
  // A provider that cannot list its batches right now is asked again on the next check; the
  // items are not resubmitted on a guess.
  const found = await reconcileSubmission(deps, record, signal).catch((error: unknown) => {
    deps.log(`batch ${record.batchId}: Message Batches not listed yet: ${String(error)}`);
    return { outcome: "waiting" } as const;
  });
  if (
    found.outcome !== "none" ||
    Date.now() - record.createdAt.getTime() < SUBMISSION_LOST_AFTER_MS
  ) {
    await schedulePoll(deps, { ...ref, providerBatchId: record.id });
    return;
  }
  const error = "The submission was interrupted before the provider confirmed it.";
  const cancelled = (await findBatch(deps.db, ref))?.status === "cancelled";
  for (const item of await listPendingProviderBatchItems(deps.db, {
    workspaceId: record.workspaceId,
    providerBatchId: record.id,
  })) {
    const itemRef = { workspaceId: item.workspaceId, itemId: item.id };
    if (cancelled) await cancelPendingItem(deps.db, { ...itemRef, error });
    else
      await failItem(deps.db, { ...itemRef, requeue: true, error, errorCode: "submission_lost" });
  }
  await updateProviderBatch(deps.db, {
    workspaceId: record.workspaceId,
    id: record.id,
    status: "failed",
    error,
    endedAt: new Date(),
  });
  const batch = await findBatch(deps.db, ref);
  if (batch) await resubmit(deps, batch);
  await notifyBatchChanged(deps.db, record.batchId);
}

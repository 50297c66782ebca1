// Finds the provider batch of a submission whose worker died after the provider accepted it but
// before its id was stored: an orphan that runs and bills, yet nothing polls it, and whose items
// would otherwise be submitted (and billed) again. The API keeps no metadata of ours on a batch,
// so the provider's batch list is matched by what it does show: the request count and a creation
// time just after the record's. A match is adopted once it has ended and its results carry
// exactly the custom_ids (item ids) the record's items were submitted with; until then the record
// waits rather than resubmitting items that may still be running there.
import {
  findRecordedProviderBatchIds,
  listPendingProviderBatchItems,
  listUnconfirmedSubmissions,
  type ProviderBatch,
  updateProviderBatch,
} from "@parley/db";
import type { MessageBatch } from "@parley/generation";
import { JOBS } from "@parley/queue";
import { type MessageBatchDeps, schedulePoll } from "./message-batch-settings.ts";

/**
 * A submission still without a provider id this long after it was recorded will never get one:
 * its submit job has expired (and its worker is gone) by then. The provider's batch, if any, was
 * created within this time after the record.
 */
export const SUBMISSION_LOST_AFTER_MS =
  (JOBS["message-batches.submit"].queue.expireInSeconds + 60) * 1000;
/** Clocks of the database and the provider may disagree by this much. */
const CLOCK_SKEW_MS = 60_000;

export type Reconciliation =
  /** The provider's batch was found and recorded: poll it. */
  | { outcome: "adopted"; providerBatchId: string }
  /** A batch that may be it is still running: check again later, do not resubmit yet. */
  | { outcome: "waiting" }
  /** The provider has no batch for it: the submission never went through. */
  | { outcome: "none" };

export async function reconcileSubmission(
  deps: MessageBatchDeps,
  record: ProviderBatch,
  signal?: AbortSignal,
): Promise<Reconciliation> {
  const candidates = await unrecordedCandidates(deps, record, signal);
  if (candidates.length === 0) return { outcome: "none" };
  const expected = new Set(
    (
      await listPendingProviderBatchItems(deps.db, {
        workspaceId: record.workspaceId,
        providerBatchId: record.id,
      })
    ).map((item) => item.providerCustomId ?? item.id),
  );
  let waiting = false;
  for (const remote of candidates) {
    if (remote.processing_status !== "ended") {
      waiting = true;
      continue;
    }
    if (!(await carriesExactly(deps, remote.id, expected, signal))) continue;
    const adopted = await updateProviderBatch(deps.db, {
      workspaceId: record.workspaceId,
      id: record.id,
      providerBatchId: remote.id,
      status: "in_progress",
      submittedAt: new Date(remote.created_at),
      ifStatusIn: ["submitting"],
    });
    if (adopted) {
      deps.log(
        `batch ${record.batchId}: Message Batch ${remote.id} was submitted by a worker that died before recording it; its results are collected now`,
      );
      return { outcome: "adopted", providerBatchId: remote.id };
    }
  }
  return waiting ? { outcome: "waiting" } : { outcome: "none" };
}

/**
 * Run when a worker starts: every submission left unconfirmed by a dead worker whose provider
 * batch has ended is adopted and polled (one that is still running is left to its poll chain).
 */
export async function reconcileOrphanedSubmissions(deps: MessageBatchDeps): Promise<void> {
  for (const record of await listUnconfirmedSubmissions(deps.db)) {
    const found = await reconcileSubmission(deps, record);
    if (found.outcome !== "adopted") continue;
    await schedulePoll(deps, {
      workspaceId: record.workspaceId,
      batchId: record.batchId,
      providerBatchId: record.id,
    });
  }
}

/** The provider's batches no record claims, created just after this record, of its size. */
async function unrecordedCandidates(
  deps: MessageBatchDeps,
  record: ProviderBatch,
  signal?: AbortSignal,
): Promise<MessageBatch[]> {
  const from = record.createdAt.getTime() - CLOCK_SKEW_MS;
  const until = record.createdAt.getTime() + SUBMISSION_LOST_AFTER_MS + CLOCK_SKEW_MS;
  const matching: MessageBatch[] = [];
  for await (const remote of deps.provider.listMessageBatches(signal ? { signal } : {})) {
    const created = Date.parse(remote.created_at);
    // Newest first: everything after this is older than the record.
    if (created < from) break;
    if (created > until || requestTotal(remote) !== record.requestCount) continue;
    matching.push(remote);
  }
  const recorded = await findRecordedProviderBatchIds(
    deps.db,
    matching.map((remote) => remote.id),
  );
  return matching.filter((remote) => !recorded.has(remote.id));
}

function requestTotal(remote: MessageBatch): number {
  const counts = remote.request_counts;
  return counts.processing + counts.succeeded + counts.errored + counts.canceled + counts.expired;
}

/** Whether an ended batch's results are for exactly these custom_ids. */
async function carriesExactly(
  deps: MessageBatchDeps,
  providerBatchId: string,
  expected: ReadonlySet<string>,
  signal?: AbortSignal,
): Promise<boolean> {
  let seen = 0;
  for await (const result of deps.provider.messageBatchResults(
    providerBatchId,
    signal ? { signal } : {},
  )) {
    if (!expected.has(result.customId)) return false;
    seen++;
  }
  return seen === expected.size;
}

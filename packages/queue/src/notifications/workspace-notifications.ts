// What the app tells a user wherever they are in it: a batch of their workspace finished
// (completed, failed or cancelled), or a regeneration stored its new version (or failed). Fed by
// the progress hub's every-change stream; each change is looked up in the workspace, so another
// workspace's batches never surface.
import {
  type BatchOutcome,
  type Database,
  databaseNow,
  findBatchOutcome,
  listBatchesFinishedSince,
} from "@parley/db";
import type { ProgressHub } from "../progress-hub.ts";

export type WorkspaceNotification =
  /** First, once the listener is in place: from `at` on, nothing is missed. */
  | { kind: "listening"; at: Date }
  | {
      kind: "batch_finished";
      batchId: string;
      name: string;
      status: "completed" | "failed" | "cancelled";
      succeeded: number;
      failed: number;
      total: number;
      finishedAt: Date;
    }
  | {
      kind: "regeneration_finished";
      batchId: string;
      /** The conversation that was regenerated. */
      regenerationOf: string;
      /** The new version; null when the regeneration failed or was cancelled. */
      conversationId: string | null;
      readableId: string | null;
      title: string | null;
      finishedAt: Date;
    };

export function toNotification(outcome: BatchOutcome): WorkspaceNotification {
  if (outcome.regeneration) {
    return {
      kind: "regeneration_finished",
      batchId: outcome.batchId,
      regenerationOf: outcome.regeneration.regenerationOf,
      conversationId: outcome.regeneration.conversationId,
      readableId: outcome.regeneration.readableId,
      title: outcome.regeneration.title,
      finishedAt: outcome.completedAt,
    };
  }
  return {
    kind: "batch_finished",
    batchId: outcome.batchId,
    name: outcome.name,
    status: outcome.status as "completed" | "failed" | "cancelled",
    succeeded: outcome.succeeded,
    failed: outcome.failed,
    total: outcome.total,
    finishedAt: outcome.completedAt,
  };
}

export interface WatchWorkspaceNotificationsOptions {
  workspaceId: string;
  /** Resume after this moment (a reconnect's last event): what finished since is sent first. */
  after?: Date;
  signal: AbortSignal;
}

/**
 * Yields "listening", then each batch of the workspace that finishes from then on (or after
 * `after`), once. Listens before it reads, so a batch finishing in between is not lost.
 */
export async function* watchWorkspaceNotifications(
  db: Database,
  hub: ProgressHub,
  options: WatchWorkspaceNotificationsOptions,
): AsyncGenerator<WorkspaceNotification> {
  const changes = await hub.subscribeAll(options.signal);
  try {
    const since = options.after ?? (await databaseNow(db));
    const sinceExclusive = options.after !== undefined;
    const announced = new Set<string>();
    yield { kind: "listening", at: since };
    const lookUp = (batchId: string) =>
      findBatchOutcome(db, { workspaceId: options.workspaceId, batchId, since, sinceExclusive });
    if (options.after) {
      for (const batchId of await listBatchesFinishedSince(db, {
        workspaceId: options.workspaceId,
        since: options.after,
        limit: 20,
      })) {
        const outcome = await lookUp(batchId);
        if (!outcome) continue;
        announced.add(batchId);
        yield toNotification(outcome);
      }
    }
    for await (const change of changes) {
      if (announced.has(change.batchId)) continue;
      const outcome = await lookUp(change.batchId);
      if (!outcome) continue;
      announced.add(change.batchId);
      yield toNotification(outcome);
    }
  } finally {
    changes.close();
  }
}

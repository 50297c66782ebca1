// The typed job catalog: every queue's name, payload schema and retry/expiry/dead-letter policy.
// Producers (api, cli) and the worker (apps/jobs) share it, so a payload is checked on both ends.
import type { BatchPriority } from "@parley/db";
import type { Queue as QueueDefinition } from "pg-boss";
import { z } from "zod";

const uuid = z.uuid();

export const generateItemPayload = z.object({
  workspaceId: uuid,
  batchId: uuid,
  itemId: uuid,
});

export const messageBatchSubmitPayload = z.object({ workspaceId: uuid, batchId: uuid });
export const messageBatchPollPayload = z.object({
  workspaceId: uuid,
  batchId: uuid,
  providerBatchId: z.string().min(1),
});
export const messageBatchCancelPayload = z.object({ workspaceId: uuid, batchId: uuid });
export const exportRunPayload = z.object({ workspaceId: uuid, exportId: uuid });
export const generateSinglePayload = z.object({ workspaceId: uuid, draftId: uuid });

/**
 * Each job: its payload schema and queue policy. Generation items rely on heartbeats rather than
 * a short expiry: a provider call with retries can take minutes, but a worker killed mid-item must
 * hand it to another worker within seconds. Handlers are idempotent, so a redelivered job is safe.
 */
export const JOBS = {
  "generation.item": {
    payload: generateItemPayload,
    queue: {
      retryLimit: 5,
      retryDelay: 2,
      retryBackoff: true,
      retryDelayMax: 60,
      expireInSeconds: 20 * 60,
      heartbeatSeconds: 10,
      deadLetter: "generation.item.dead",
    },
  },
  "generation.item.dead": {
    payload: generateItemPayload,
    queue: { retentionSeconds: 14 * 24 * 3600 },
  },
  // Submissions and polls heartbeat like generation items: a worker killed while holding one
  // hands it on within seconds of its last heartbeat (pg-boss renews it while the handler
  // runs, however long a submit or a results download takes), not at the 10-minute expiry.
  "message-batches.submit": {
    payload: messageBatchSubmitPayload,
    queue: {
      retryLimit: 10,
      retryDelay: 5,
      retryBackoff: true,
      expireInSeconds: 10 * 60,
      heartbeatSeconds: 10,
    },
  },
  "message-batches.poll": {
    payload: messageBatchPollPayload,
    queue: {
      retryLimit: 20,
      retryDelay: 5,
      retryBackoff: true,
      expireInSeconds: 10 * 60,
      heartbeatSeconds: 10,
    },
  },
  // Sent when a user cancels a Message Batches mode batch, so the provider stops processing (and
  // billing) its requests now rather than at the next poll. Quick calls: short delays between
  // retries; the poll cancels anything this job could not, and still collects the results.
  "message-batches.cancel": {
    payload: messageBatchCancelPayload,
    queue: { retryLimit: 8, retryDelay: 1, retryBackoff: true, expireInSeconds: 2 * 60 },
  },
  // One conversation someone is waiting for on the page: a short expiry and few retries, so a
  // failure reaches them in seconds with a "try again", not minutes later.
  "generation.single": {
    payload: generateSinglePayload,
    queue: { retryLimit: 2, retryDelay: 1, expireInSeconds: 5 * 60, heartbeatSeconds: 10 },
  },
  "export.run": {
    payload: exportRunPayload,
    queue: { retryLimit: 2, retryDelay: 10, expireInSeconds: 60 * 60, heartbeatSeconds: 30 },
  },
} as const satisfies Record<string, { payload: z.ZodType; queue: Omit<QueueDefinition, "name"> }>;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]["payload"]>;

/** Batch priority → pg-boss priority (higher runs first). */
export const PRIORITY_LEVELS: Readonly<Record<BatchPriority, number>> = {
  high: 10,
  normal: 0,
  low: -10,
};

/**
 * A batch's concurrency ceiling is enforced across every worker process by pg-boss group
 * concurrency: the group is the batch and its tier names the ceiling. An automatic batch (no
 * ceiling) has the "auto" tier, which falls to the unbounded default: the shared rate budget
 * and each worker's PARLEY_WORKER_CONCURRENCY bound it instead. Ceilings above
 * MAX_TIERED_CONCURRENCY are accepted and run as automatic: no worker fleet here holds that
 * many calls in flight, and the tier map travels with every fetch.
 */
export const MAX_TIERED_CONCURRENCY = 500;
export const AUTO_CONCURRENCY_TIER = "auto";
/** The group limit of the "auto" tier: in effect none. */
const UNBOUNDED_GROUP = 1_000_000;

/** The pg-boss group tier for a batch's ceiling (null: automatic). */
export function concurrencyTier(ceiling: number | null): string {
  return ceiling === null || ceiling > MAX_TIERED_CONCURRENCY
    ? AUTO_CONCURRENCY_TIER
    : `c${ceiling}`;
}
export const GROUP_CONCURRENCY = {
  default: UNBOUNDED_GROUP,
  tiers: Object.fromEntries(
    Array.from({ length: MAX_TIERED_CONCURRENCY }, (_, i) => [concurrencyTier(i + 1), i + 1]),
  ),
};

export function parsePayload<N extends JobName>(name: N, data: unknown): JobPayload<N> {
  return JOBS[name].payload.parse(data) as JobPayload<N>;
}

// Keeps a poll's lease on a provider batch's results alive while it applies them: renewed on a
// timer, so a long judge call does not let the lease lapse under a poll that is still working.
import {
  type Database,
  LeaseLostError,
  type ProviderBatch,
  type ResultLease,
  releaseResultLease,
  renewResultLease,
  takeResultLease,
} from "@parley/db";

/** Long enough for a slow renewal; short enough that a dead poll's results are soon retaken. */
export const RESULT_LEASE_SECONDS = 60;
const RENEW_EVERY_MS = (RESULT_LEASE_SECONDS / 3) * 1000;

export interface HeldResultLease {
  lease: ResultLease;
  /** Throws LeaseLostError once another poll has taken the results over. */
  check(): Promise<void>;
  release(): Promise<void>;
}

/** The lease, or undefined while another poll is applying the results. */
export async function holdResultLease(
  db: Database,
  record: ProviderBatch,
): Promise<HeldResultLease | undefined> {
  const lease = await takeResultLease(db, {
    workspaceId: record.workspaceId,
    id: record.id,
    ttlSeconds: RESULT_LEASE_SECONDS,
  });
  if (!lease) return undefined;
  let lost = false;
  const timer = setInterval(() => {
    renewResultLease(db, lease).then(
      (held) => {
        lost ||= !held;
      },
      // A failed renewal is retried on the next tick; the lease outlives two misses.
      () => undefined,
    );
  }, RENEW_EVERY_MS);
  timer.unref();
  return {
    lease,
    async check() {
      if (!lost && (await renewResultLease(db, lease))) return;
      lost = true;
      throw new LeaseLostError(
        `Another poll took over the results of Message Batch ${record.providerBatchId}.`,
      );
    },
    async release() {
      clearInterval(timer);
      await releaseResultLease(db, lease);
    },
  };
}

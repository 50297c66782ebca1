// A lease on applying one provider batch's results. Two polls of the same submission can run at
// once (a poll job redelivered while the first run is still alive); without a lease both would
// judge, bill and try to store every result. The holder renews it as it works; a poll that finds
// it held leaves the results to the holder, and one that died lets it expire for the next poll.
import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";

export interface ResultLease {
  workspaceId: string;
  /** provider_batches.id */
  id: string;
  leaseToken: string;
  ttlSeconds: number;
}

/** Takes the lease when it is free or expired; undefined while another poll holds it. */
export async function takeResultLease(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string; ttlSeconds: number },
): Promise<ResultLease | undefined> {
  const row = await db
    .updateTable("provider_batches")
    .set({
      resultLeaseToken: sql<string>`gen_random_uuid()`,
      resultLeaseExpiresAt: sql<Date>`now() + make_interval(secs => ${options.ttlSeconds})`,
    })
    .where("workspaceId", "=", options.workspaceId)
    .where("id", "=", options.id)
    .where((eb) =>
      eb.or([
        eb("resultLeaseToken", "is", null),
        eb("resultLeaseExpiresAt", "<", sql<Date>`now()`),
      ]),
    )
    .returning("resultLeaseToken")
    .executeTakeFirst();
  if (!row?.resultLeaseToken) return undefined;
  return { ...options, leaseToken: row.resultLeaseToken };
}

/**
 * Extends the lease if this poll still holds it; false once another poll has taken it over.
 * Inside a transaction it also locks the provider batch row until commit, so a takeover waits
 * for the store under way to finish.
 */
export async function renewResultLease(db: Kysely<DB>, lease: ResultLease): Promise<boolean> {
  const row = await db
    .updateTable("provider_batches")
    .set({
      resultLeaseExpiresAt: sql<Date>`now() + make_interval(secs => ${lease.ttlSeconds})`,
    })
    .where("workspaceId", "=", lease.workspaceId)
    .where("id", "=", lease.id)
    .where("resultLeaseToken", "=", lease.leaseToken)
    .returning("id")
    .executeTakeFirst();
  return row !== undefined;
}

/** Gives the lease up (the poll finished or failed), so the next poll need not wait for it. */
export async function releaseResultLease(db: Kysely<DB>, lease: ResultLease): Promise<void> {
  await db
    .updateTable("provider_batches")
    .set({ resultLeaseToken: null, resultLeaseExpiresAt: null })
    .where("workspaceId", "=", lease.workspaceId)
    .where("id", "=", lease.id)
    .where("resultLeaseToken", "=", lease.leaseToken)
    .execute();
}

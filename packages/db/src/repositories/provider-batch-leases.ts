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
      result_lease_token: sql<string>`gen_random_uuid()`,
      result_lease_expires_at: sql<Date>`now() + make_interval(secs => ${options.ttlSeconds})`,
    })
    .where("workspace_id", "=", options.workspaceId)
    .where("id", "=", options.id)
    .where((eb) =>
      eb.or([
        eb("result_lease_token", "is", null),
        eb("result_lease_expires_at", "<", sql<Date>`now()`),
      ]),
    )
    .returning("result_lease_token")
    .executeTakeFirst();
  if (!row?.result_lease_token) return undefined;
  return { ...options, leaseToken: row.result_lease_token };
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
      result_lease_expires_at: sql<Date>`now() + make_interval(secs => ${lease.ttlSeconds})`,
    })
    .where("workspace_id", "=", lease.workspaceId)
    .where("id", "=", lease.id)
    .where("result_lease_token", "=", lease.leaseToken)
    .returning("id")
    .executeTakeFirst();
  return row !== undefined;
}

/** Gives the lease up (the poll finished or failed), so the next poll need not wait for it. */
export async function releaseResultLease(db: Kysely<DB>, lease: ResultLease): Promise<void> {
  await db
    .updateTable("provider_batches")
    .set({ result_lease_token: null, result_lease_expires_at: null })
    .where("workspace_id", "=", lease.workspaceId)
    .where("id", "=", lease.id)
    .where("result_lease_token", "=", lease.leaseToken)
    .execute();
}

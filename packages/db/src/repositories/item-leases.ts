// Lease tokens fence a realtime claim of a batch item. Every claim (markItemProcessing) writes a
// fresh token; a worker whose job was handed to another worker (its heartbeat was lost while it
// was still alive) finds its token replaced, and stops before calling the provider. Storing and
// failing the item check the token too, so a call already under way never lands.
import type { Kysely } from "kysely";
import type { DB } from "../schema.ts";

export interface ItemLease {
  workspaceId: string;
  itemId: string;
  leaseToken: string;
}

/** Thrown when a claim was taken over by another worker: the holder must stop, storing nothing. */
export class LeaseLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LeaseLostError";
  }
}

export function isLeaseLostError(error: unknown): error is LeaseLostError {
  return error instanceof LeaseLostError;
}

/** Whether this claim still holds the item: it is processing, under this claim's token. */
export async function holdsItemLease(db: Kysely<DB>, lease: ItemLease): Promise<boolean> {
  const row = await db
    .selectFrom("batch_items")
    .select("id")
    .where("workspaceId", "=", lease.workspaceId)
    .where("id", "=", lease.itemId)
    .where("status", "=", "processing")
    .where("leaseToken", "=", lease.leaseToken)
    .executeTakeFirst();
  return row !== undefined;
}

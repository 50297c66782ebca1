// Submissions recorded (their items claimed) whose provider id was never stored: the worker died
// while sending them, before or after the provider accepted. Reconciling them against the
// provider's batch list tells the two apart (see apps/jobs reconcile-submissions).
import type { Kysely } from "kysely";
import type { DB, ProviderBatch } from "../schema.ts";

/** Across all workspaces, oldest first; only the worker calls it. */
export function listUnconfirmedSubmissions(db: Kysely<DB>): Promise<ProviderBatch[]> {
  return db
    .selectFrom("provider_batches")
    .selectAll()
    .where("status", "=", "submitting")
    .where("providerBatchId", "is", null)
    .orderBy("createdAt")
    .execute();
}

/** Which of these provider ids some submission has already recorded. */
export async function findRecordedProviderBatchIds(
  db: Kysely<DB>,
  providerBatchIds: readonly string[],
): Promise<Set<string>> {
  if (providerBatchIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("provider_batches")
    .select("providerBatchId")
    .where("providerBatchId", "in", providerBatchIds)
    .execute();
  return new Set(rows.flatMap((row) => (row.providerBatchId ? [row.providerBatchId] : [])));
}

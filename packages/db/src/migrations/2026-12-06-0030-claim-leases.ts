// Fences claims with lease tokens. A worker that lost its job (no heartbeat) while still alive
// must not call the provider or store anything once another worker took the item over: each
// claim of an item gets a fresh `lease_token`, and only its holder may finish the item. A
// provider batch's results are applied under a lease too (`result_lease_*`), so two polls at
// once never judge or store the same result twice; it expires, so a dead poll's work is retaken.
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("batch_items").addColumn("lease_token", "uuid").execute();
  await db.schema
    .alterTable("provider_batches")
    .addColumn("result_lease_token", "uuid")
    .addColumn("result_lease_expires_at", "timestamptz")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("provider_batches")
    .dropColumn("result_lease_token")
    .dropColumn("result_lease_expires_at")
    .execute();
  await db.schema.alterTable("batch_items").dropColumn("lease_token").execute();
}

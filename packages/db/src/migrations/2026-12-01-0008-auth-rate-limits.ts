// better-auth's rate-limit counters (model `rateLimit`, mapped to `rate_limits` by
// betterAuthSchemaOptions.rateLimit), so sign-in throttling survives a restart of the web server.
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("rate_limits")
    // better-auth generates the ids of its own rows, hence text.
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("key", "text", (col) => col.notNull().unique())
    .addColumn("count", "integer", (col) => col.notNull())
    /** Milliseconds since the epoch, as better-auth stores it. */
    .addColumn("last_request", "bigint", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("rate_limits_last_request_idx")
    .on("rate_limits")
    .column("last_request")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("rate_limits").execute();
}

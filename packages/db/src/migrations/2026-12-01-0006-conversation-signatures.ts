// Near-duplicate detection: each stored conversation's MinHash signature and its LSH band keys.
// The GIN index on band_keys answers "which conversations share a band with this one" with an
// index lookup (`band_keys && $keys`), so checking a new conversation does not read the whole
// workspace. generation_logs gains `purpose`, so LLM-judge calls are logged and billed but do
// not skew the per-tier token profile the estimator learns from generation calls.
import { type Kysely, sql } from "kysely";
import { oneOf } from "./ddl-helpers.ts";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("conversation_signatures")
    .addColumn("conversation_id", "uuid", (col) => col.primaryKey())
    .addColumn("workspace_id", "uuid", (col) => col.notNull())
    /** Base64 of the MinHash signature's 32-bit words. */
    .addColumn("signature", "text", (col) => col.notNull())
    .addColumn("band_keys", sql`integer[]`, (col) => col.notNull())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint(
      "conversation_signatures_conversation_fkey",
      ["workspace_id", "conversation_id"],
      "conversations",
      ["workspace_id", "id"],
      (constraint) => constraint.onDelete("cascade"),
    )
    .execute();
  await sql`
    create index conversation_signatures_band_keys_idx
    on conversation_signatures using gin (band_keys)
  `.execute(db);
  // Duplicates are looked up by the conversation they point at (exports leave them out).
  await sql`
    create index conversations_duplicate_of_idx on conversations (workspace_id, duplicate_of)
    where duplicate_of is not null
  `.execute(db);

  await db.schema
    .alterTable("generation_logs")
    .addColumn("purpose", "text", (col) => col.notNull().defaultTo("generation"))
    .execute();
  await db.schema
    .alterTable("generation_logs")
    .addCheckConstraint("generation_logs_purpose_check", oneOf("purpose", ["generation", "judge"]))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("generation_logs").dropColumn("purpose").execute();
  await sql`drop index conversations_duplicate_of_idx`.execute(db);
  await db.schema.dropTable("conversation_signatures").execute();
}

// The manual review protocol: a review sample is a seeded, tier-stratified draw of a batch's
// conversations (seed, rate or size, who drew it and when); each sampled conversation gets the
// spec's checklist answers and a verdict. A batch may be sampled again; older samples are kept.
import { type Kysely, sql } from "kysely";
import { oneOf, withUuidId } from "./ddl-helpers.ts";

// Frozen copies: a migration must not change when a list elsewhere grows.
const TIERS = ["template", "scenario", "edge_case"];
const VERDICTS = ["approved", "approved_with_notes", "rejected"];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("review_samples")
    .$call(withUuidId)
    .addColumn("workspace_id", "uuid", (col) =>
      col.notNull().references("workspaces.id").onDelete("cascade"),
    )
    .addColumn("batch_id", "uuid", (col) => col.notNull())
    .addColumn("seed", "text", (col) => col.notNull())
    /** The share asked for, or null when a size was asked for instead. */
    .addColumn("rate", "numeric")
    .addColumn("requested_size", "integer")
    .addColumn("size", "integer", (col) => col.notNull())
    .addColumn("created_by", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("review_samples_workspace_id_id_key", ["workspace_id", "id"])
    .addForeignKeyConstraint(
      "review_samples_batch_fkey",
      ["workspace_id", "batch_id"],
      "batch_jobs",
      ["workspace_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    .addCheckConstraint(
      "review_samples_rate_or_size",
      sql`(rate is null) <> (requested_size is null) and (rate is null or (rate > 0 and rate <= 1)) and (requested_size is null or requested_size > 0) and size > 0`,
    )
    .execute();
  await sql`
    create index review_samples_batch_created_idx
    on review_samples (workspace_id, batch_id, created_at desc, id desc)
  `.execute(db);

  await db.schema
    .createTable("review_sample_items")
    .$call(withUuidId)
    .addColumn("workspace_id", "uuid", (col) => col.notNull())
    .addColumn("sample_id", "uuid", (col) => col.notNull())
    .addColumn("conversation_id", "uuid", (col) => col.notNull())
    .addColumn("tier", "text", (col) => col.notNull())
    .addColumn("position", "integer", (col) => col.notNull())
    .addColumn("verdict", "text")
    /** `<category>.<item>` → { passed, note? } for the spec's 20 checklist items. */
    .addColumn("checklist", "jsonb")
    .addColumn("notes", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("reviewed_by", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("reviewed_at", "timestamptz")
    .addForeignKeyConstraint(
      "review_sample_items_sample_fkey",
      ["workspace_id", "sample_id"],
      "review_samples",
      ["workspace_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    .addForeignKeyConstraint(
      "review_sample_items_conversation_fkey",
      ["workspace_id", "conversation_id"],
      "conversations",
      ["workspace_id", "id"],
    )
    .addUniqueConstraint("review_sample_items_conversation_key", ["sample_id", "conversation_id"])
    .addUniqueConstraint("review_sample_items_position_key", ["sample_id", "position"])
    .addCheckConstraint("review_sample_items_tier_check", oneOf("tier", TIERS))
    .addCheckConstraint(
      "review_sample_items_verdict_check",
      sql`verdict is null or ${oneOf("verdict", VERDICTS)}`,
    )
    .addCheckConstraint(
      "review_sample_items_reviewed_whole",
      sql`(verdict is null) = (checklist is null) and (verdict is null) = (reviewed_at is null)`,
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("review_sample_items").execute();
  await db.schema.dropTable("review_samples").execute();
}

// Batches of the user's own prompts (issue #12 item 3): a batch has a kind, and a prompts batch's
// items each carry one prompt and, once answered, its response, tokens, cost and duration in
// `batch_prompts`. Such an item plans no conversation, so batch_items.tier becomes optional.
import { type Kysely, sql } from "kysely";
import { oneOf, withUuidId } from "./ddl-helpers.ts";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("batch_jobs")
    .addColumn("kind", "text", (col) => col.notNull().defaultTo("conversations"))
    .execute();
  await db.schema
    .alterTable("batch_jobs")
    .addCheckConstraint("batch_jobs_kind_check", oneOf("kind", ["conversations", "prompts"]))
    .execute();
  await db.schema
    .alterTable("batch_items")
    .alterColumn("tier", (col) => col.dropNotNull())
    .execute();

  await db.schema
    .createTable("batch_prompts")
    .$call(withUuidId)
    .addColumn("workspace_id", "uuid", (col) =>
      col.notNull().references("workspaces.id").onDelete("cascade"),
    )
    .addColumn("batch_id", "uuid", (col) => col.notNull())
    .addColumn("batch_item_id", "uuid", (col) => col.notNull())
    .addColumn("position", "integer", (col) => col.notNull())
    // The id the user gave the prompt in their file (null: none given).
    .addColumn("source_id", "text")
    .addColumn("prompt", "text", (col) => col.notNull())
    .addColumn("system", "text")
    .addColumn("response", "text")
    .addColumn("stop_reason", "text")
    .addColumn("model", "text")
    .addColumn("input_tokens", "integer")
    .addColumn("output_tokens", "integer")
    .addColumn("cost_usd", sql`numeric(12, 6)`)
    .addColumn("duration_ms", "integer")
    .addColumn("answered_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("batch_prompts_item_key", ["batch_item_id"])
    .addForeignKeyConstraint(
      "batch_prompts_batch_fkey",
      ["workspace_id", "batch_id"],
      "batch_jobs",
      ["workspace_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    .addForeignKeyConstraint(
      "batch_prompts_item_fkey",
      ["workspace_id", "batch_item_id"],
      "batch_items",
      ["workspace_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    // An answer is stored whole or not at all.
    .addCheckConstraint(
      "batch_prompts_answer_check",
      sql`(response is null) = (answered_at is null)
          and (response is null or (input_tokens is not null and output_tokens is not null
                                    and duration_ms is not null and model is not null))`,
    )
    .execute();
  await sql`create index batch_prompts_batch_position_idx on batch_prompts (batch_id, position)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("batch_prompts").execute();
  await sql`delete from batch_jobs where kind = 'prompts'`.execute(db);
  await db.schema
    .alterTable("batch_items")
    .alterColumn("tier", (col) => col.setNotNull())
    .execute();
  await db.schema.alterTable("batch_jobs").dropConstraint("batch_jobs_kind_check").execute();
  await db.schema.alterTable("batch_jobs").dropColumn("kind").execute();
}

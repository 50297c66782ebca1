// Single generation: one row per "generate" click. The API records the request (queued), a
// worker runs it through the same provider path as batch items and stores the result here as a
// draft; saving turns the draft into a conversation. Drafts never show up as conversations, so
// an abandoned one leaves no trace in the dataset.
import { type Kysely, sql } from "kysely";
import { addUpdatedAtTrigger, oneOf, withTimestamps, withUuidId } from "./ddl-helpers.ts";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("generation_drafts")
    .$call(withUuidId)
    .addColumn("workspace_id", "uuid", (col) =>
      col.notNull().references("workspaces.id").onDelete("cascade"),
    )
    .addColumn("status", "text", (col) => col.notNull().defaultTo("queued"))
    /** The validated request: scaffolding ids, template, values, intent, tone, turn count. */
    .addColumn("input", "jsonb", (col) => col.notNull())
    /** The generated conversation, its quality verdict, usage and cost. */
    .addColumn("result", "jsonb")
    .addColumn("error", "text")
    .addColumn("error_code", "text")
    .addColumn("attempts", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("conversation_id", "uuid")
    .addColumn("created_by", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("started_at", "timestamptz")
    .addColumn("finished_at", "timestamptz")
    .$call(withTimestamps)
    .addForeignKeyConstraint(
      "generation_drafts_conversation_fkey",
      ["workspace_id", "conversation_id"],
      "conversations",
      ["workspace_id", "id"],
    )
    .addCheckConstraint(
      "generation_drafts_status_check",
      oneOf("status", ["queued", "running", "succeeded", "failed", "saved"]),
    )
    .addCheckConstraint(
      "generation_drafts_saved_has_conversation",
      sql`(status = 'saved') = (conversation_id is not null)`,
    )
    .execute();
  await sql`
    create index generation_drafts_workspace_created_idx
    on generation_drafts (workspace_id, created_at desc)
  `.execute(db);
  await addUpdatedAtTrigger(db, "generation_drafts");
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("generation_drafts").execute();
}

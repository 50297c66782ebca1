// Workspace secrets (today only the HuggingFace write token): kept in their own table so no query
// that reads a workspace (settings go to the browser) can carry one by accident. Only the export
// job reads a value; the API sees whether one is set, when, by whom, and its last four characters.
import { type Kysely, sql } from "kysely";
import { oneOf } from "./ddl-helpers.ts";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("workspace_secrets")
    .addColumn("workspace_id", "uuid", (col) =>
      col.notNull().references("workspaces.id").onDelete("cascade"),
    )
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("value", "text", (col) => col.notNull())
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("updated_by", "text", (col) => col.references("users.id").onDelete("set null"))
    .addPrimaryKeyConstraint("workspace_secrets_pkey", ["workspace_id", "name"])
    .addCheckConstraint("workspace_secrets_name_check", oneOf("name", ["huggingface_token"]))
    .addCheckConstraint("workspace_secrets_value_not_empty", sql`length(value) > 0`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("workspace_secrets").execute();
}

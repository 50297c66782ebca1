// Saved batch presets: a wizard's settings under a name, per workspace. The settings are stored
// as the wizard sent them and checked against the batch input schema again when applied, so a
// preset naming a persona or model that has since gone is reported, not launched.
import { type Kysely, sql } from "kysely";
import { addUpdatedAtTrigger, withTimestamps, withUuidId } from "./ddl-helpers.ts";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("batch_presets")
    .$call(withUuidId)
    .addColumn("workspace_id", "uuid", (col) =>
      col.notNull().references("workspaces.id").onDelete("cascade"),
    )
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("settings", "jsonb", (col) => col.notNull())
    .addColumn("created_by", "text", (col) => col.references("users.id").onDelete("set null"))
    .$call(withTimestamps)
    .addCheckConstraint("batch_presets_name_check", sql`length(trim(name)) between 1 and 80`)
    .execute();
  // "Weekly" and "weekly" are the same preset to a user.
  await sql`
    create unique index batch_presets_workspace_name_key on batch_presets (workspace_id, lower(name))
  `.execute(db);
  await addUpdatedAtTrigger(db, "batch_presets");
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("batch_presets").execute();
}

// Dataset exports: what was asked for (format, filters, options), how far it got, and what was
// produced (row count, size, checksum, where it lives).
import { type Kysely, sql } from "kysely";
import { addUpdatedAtTrigger, oneOf, withTimestamps, withUuidId } from "./ddl-helpers.ts";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("exports")
    .$call(withUuidId)
    .addColumn("workspace_id", "uuid", (col) =>
      col.notNull().references("workspaces.id").onDelete("cascade"),
    )
    .addColumn("name", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("format", "text", (col) => col.notNull())
    .addColumn("options", "jsonb", (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("filters", "jsonb", (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("status", "text", (col) => col.notNull().defaultTo("queued"))
    .addColumn("progress", "double precision", (col) => col.notNull().defaultTo(0))
    .addColumn("row_count", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("bytes", "bigint")
    .addColumn("sha256", "text")
    .addColumn("location", "text")
    .addColumn("includes_simulated", "boolean", (col) => col.notNull().defaultTo(false))
    .addColumn("error", "text")
    .addColumn("created_by", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("started_at", "timestamptz")
    .addColumn("completed_at", "timestamptz")
    .$call(withTimestamps)
    .addCheckConstraint(
      "exports_format_check",
      oneOf("format", ["messages", "sharegpt", "training_pairs", "json", "csv", "parquet"]),
    )
    .addCheckConstraint(
      "exports_status_check",
      oneOf("status", ["queued", "running", "completed", "failed"]),
    )
    .addCheckConstraint("exports_progress_check", sql`progress between 0 and 1`)
    .addCheckConstraint("exports_sha256_format", sql`sha256 is null or sha256 ~ '^[0-9a-f]{64}$'`)
    .execute();
  await sql`
    create index exports_workspace_created_idx on exports (workspace_id, created_at desc, id desc)
  `.execute(db);
  await addUpdatedAtTrigger(db, "exports");
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("exports").execute();
}

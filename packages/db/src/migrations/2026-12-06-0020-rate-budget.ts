// The organisation's rate budget, shared by every worker on every machine (issue #10): one row
// of token buckets per model limit group, and one lease per worker process and group holding
// the slice it took and its calls' output reservations, returned to the buckets if it expires.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("rate_budget_groups")
    .addColumn("limit_group", "text", (col) => col.primaryKey())
    .addColumn("requests_limit", "double precision", (col) => col.notNull())
    .addColumn("input_tokens_limit", "double precision", (col) => col.notNull())
    .addColumn("output_tokens_limit", "double precision", (col) => col.notNull())
    .addColumn("requests_level", "double precision", (col) => col.notNull())
    .addColumn("input_tokens_level", "double precision", (col) => col.notNull())
    .addColumn("output_tokens_level", "double precision", (col) => col.notNull())
    .addColumn("paused_until", "timestamptz")
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      "rate_budget_groups_limits_check",
      sql`requests_limit > 0 and input_tokens_limit > 0 and output_tokens_limit > 0`,
    )
    .execute();
  await db.schema
    .createTable("rate_budget_leases")
    .addColumn("limit_group", "text", (col) =>
      col.notNull().references("rate_budget_groups.limit_group").onDelete("cascade"),
    )
    .addColumn("holder", "text", (col) => col.notNull())
    .addColumn("requests", "double precision", (col) => col.notNull())
    .addColumn("input_tokens", "double precision", (col) => col.notNull())
    .addColumn("output_tokens", "double precision", (col) => col.notNull())
    .addColumn("expires_at", "timestamptz", (col) => col.notNull())
    .addPrimaryKeyConstraint("rate_budget_leases_pkey", ["limit_group", "holder"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("rate_budget_leases").execute();
  await db.schema.dropTable("rate_budget_groups").execute();
}

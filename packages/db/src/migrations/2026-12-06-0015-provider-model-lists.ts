// The account's Models API answer as the worker (the only holder of the API key) last read it,
// with the install's price overrides, so the web app and the CLI offer the same catalogue
// without ever seeing the key. One row per provider: "anthropic" or "simulated".
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("provider_model_lists")
    .addColumn("provider", "text", (col) =>
      col.primaryKey().check(sql`provider in ('anthropic', 'simulated')`),
    )
    .addColumn("models", "jsonb", (col) => col.notNull())
    .addColumn("install_prices", "jsonb", (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("fetched_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("provider_model_lists").execute();
}

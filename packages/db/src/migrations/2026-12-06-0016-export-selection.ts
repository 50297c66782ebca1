// What an export's filters matched and what they left out, with the reasons (near-duplicates,
// status, quality, the format), so the exports page can say it next to the row count.
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("exports").addColumn("selection", "jsonb").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("exports").dropColumn("selection").execute();
}

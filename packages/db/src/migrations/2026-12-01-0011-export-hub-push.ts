// Where an export that pushed to the HuggingFace Hub ended up: the dataset repository's URL and
// the commit that holds the package, so the export page can link to them.
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("exports")
    .addColumn("hub_url", "text")
    .addColumn("hub_commit", "text")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("exports").dropColumn("hub_url").dropColumn("hub_commit").execute();
}

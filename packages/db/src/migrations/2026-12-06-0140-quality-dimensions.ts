// Stores each conversation's quality dimensions (the specification's QualityMetrics: relevance,
// accuracy, naturalness, methodology, coherence, uniqueness, confidence, training value, overall,
// each with the source that scored it) as one jsonb checked by generation's zod schema when read.
// Rows scored before it keep null and read as "not scored on dimensions".
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("conversations").addColumn("quality_dimensions", "jsonb").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("conversations").dropColumn("quality_dimensions").execute();
}

// A batch's concurrency becomes automatic by default (null: bounded by the shared rate budget
// and each worker's PARLEY_WORKER_CONCURRENCY), with any positive ceiling a user sets instead
// of the old 1–10 range. Existing batches keep the number they were launched with.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("batch_jobs").dropConstraint("batch_jobs_concurrency_check").execute();
  await db.schema
    .alterTable("batch_jobs")
    .alterColumn("concurrency", (col) => col.dropNotNull())
    .execute();
  await db.schema
    .alterTable("batch_jobs")
    .alterColumn("concurrency", (col) => col.dropDefault())
    .execute();
  await db.schema
    .alterTable("batch_jobs")
    .addCheckConstraint(
      "batch_jobs_concurrency_check",
      sql`concurrency is null or concurrency >= 1`,
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("batch_jobs").dropConstraint("batch_jobs_concurrency_check").execute();
  await sql`update batch_jobs set concurrency = least(coalesce(concurrency, 10), 10)`.execute(db);
  await db.schema
    .alterTable("batch_jobs")
    .alterColumn("concurrency", (col) => col.setNotNull())
    .execute();
  await db.schema
    .alterTable("batch_jobs")
    .alterColumn("concurrency", (col) => col.setDefault(3))
    .execute();
  await db.schema
    .alterTable("batch_jobs")
    .addCheckConstraint("batch_jobs_concurrency_check", sql`concurrency between 1 and 10`)
    .execute();
}

// "Retry failed items" gives an item a fresh allowance of Message Batches submissions while
// `attempts` keeps counting every one (generation logs number them): the allowance counts from
// the attempts the item had when it was last retried.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("batch_items")
    .addColumn("attempts_before_retry", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable("batch_items")
    .addCheckConstraint(
      "batch_items_attempts_before_retry_check",
      sql`attempts_before_retry between 0 and attempts`,
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("batch_items").dropColumn("attempts_before_retry").execute();
}

// Review and regeneration: a turn edit may change the turn's emotion as well as its text, so
// turn_edits keeps the emotion before and after; and a regeneration is a one-item batch whose
// item says which conversation it replaces (`parameters.regenerationOf`), looked up by index
// when a conversation page asks whether a replacement is on its way.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("turn_edits")
    .addColumn("previous_emotion", "jsonb")
    .addColumn("new_emotion", "jsonb")
    .execute();
  await sql`
    create index batch_items_regeneration_of_idx
    on batch_items (workspace_id, (parameters ->> 'regenerationOf'), created_at desc)
    where parameters ? 'regenerationOf'
  `.execute(db);
  // The review queue reads the oldest conversations awaiting a decision first.
  await sql`
    create index conversations_awaiting_review_idx
    on conversations (workspace_id, created_at, id)
    where status in ('generated', 'pending_review', 'needs_revision')
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index conversations_awaiting_review_idx`.execute(db);
  await sql`drop index batch_items_regeneration_of_idx`.execute(db);
  await db.schema
    .alterTable("turn_edits")
    .dropColumn("previous_emotion")
    .dropColumn("new_emotion")
    .execute();
}

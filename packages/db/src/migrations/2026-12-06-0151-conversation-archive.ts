// Archiving by hand: a user takes a conversation out of the lists, the review queue, the
// dashboard and exports without deleting it, and can restore it to the status it had. The
// status becomes `archived` (so every "live rows" query already leaves it out); these columns
// say who archived it, when, and what it was, which tells it apart from a version replaced by
// a regeneration.
import { type Kysely, sql } from "kysely";
import { oneOf } from "./ddl-helpers.ts";

/** Frozen copy: the statuses a conversation can be archived from (all but `archived`). */
const RESTORABLE_STATUSES = [
  "draft",
  "generating",
  "generated",
  "pending_review",
  "approved",
  "rejected",
  "needs_revision",
  "failed",
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("conversations")
    .addColumn("archived_at", "timestamptz")
    .addColumn("archived_by", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("archived_from_status", "text")
    .addColumn("restored_at", "timestamptz")
    .addColumn("restored_by", "text", (col) => col.references("users.id").onDelete("set null"))
    .execute();
  await db.schema
    .alterTable("conversations")
    .addCheckConstraint(
      "conversations_archived_by_hand_check",
      sql`(archived_at is null and archived_from_status is null)
        or (archived_at is not null and status = 'archived'
            and ${oneOf("archived_from_status", RESTORABLE_STATUSES)})`,
    )
    .execute();
  // The Archived view: newest first, keyset pages.
  await sql`
    create index conversations_archived_by_hand_idx
    on conversations (workspace_id, archived_at desc, id desc)
    where archived_at is not null
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("conversations")
    .dropConstraint("conversations_archived_by_hand_check")
    .execute();
  // A conversation archived by hand goes back to what it was: down must not lose it for good.
  await sql`
    update conversations set status = archived_from_status where archived_at is not null
  `.execute(db);
  await db.schema
    .alterTable("conversations")
    .dropColumn("archived_at")
    .dropColumn("archived_by")
    .dropColumn("archived_from_status")
    .dropColumn("restored_at")
    .dropColumn("restored_by")
    .execute();
}

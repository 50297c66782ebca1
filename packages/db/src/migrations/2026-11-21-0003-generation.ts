// Batches, their items and provider batches; conversations, turns, review and edit history; the
// log of every provider call. Triggers keep batch counters equal to the item rows and the
// batch's actual cost equal to the sum of its logged calls.
import { type ColumnDefinitionBuilder, type Kysely, sql } from "kysely";
import { addUpdatedAtTrigger, oneOf, withTimestamps, withUuidId } from "./ddl-helpers.ts";

const TIERS = ["template", "scenario", "edge_case"];
const ITEM_STATUSES = ["queued", "processing", "succeeded", "failed", "cancelled"];

function workspaceColumn(col: ColumnDefinitionBuilder) {
  return col.notNull().references("workspaces.id").onDelete("cascade");
}

export async function up(db: Kysely<unknown>): Promise<void> {
  // Trigram index for the conversation search box (ILIKE '%…%').
  await sql`create extension if not exists pg_trgm`.execute(db);

  await db.schema
    .createTable("batch_jobs")
    .$call(withUuidId)
    .addColumn("workspace_id", "uuid", workspaceColumn)
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("config", "jsonb", (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("status", "text", (col) => col.notNull().defaultTo("queued"))
    .addColumn("pause_reason", "text")
    .addColumn("priority", "text", (col) => col.notNull().defaultTo("normal"))
    .addColumn("concurrency", "integer", (col) => col.notNull().defaultTo(3))
    .addColumn("error_strategy", "text", (col) => col.notNull().defaultTo("continue"))
    .addColumn("provider_mode", "text", (col) => col.notNull().defaultTo("realtime"))
    .addColumn("budget_cap_usd", sql`numeric(12, 4)`)
    .addColumn("total_items", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("queued_items", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("processing_items", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("succeeded_items", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("failed_items", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("cancelled_items", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("estimated_cost_usd", sql`numeric(12, 6)`)
    .addColumn("actual_cost_usd", sql`numeric(12, 6)`, (col) => col.notNull().defaultTo(0))
    .addColumn("estimated_duration_ms", "bigint")
    .addColumn("simulated", "boolean", (col) => col.notNull().defaultTo(false))
    .addColumn("created_by", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("started_at", "timestamptz")
    .addColumn("completed_at", "timestamptz")
    .$call(withTimestamps)
    .addUniqueConstraint("batch_jobs_workspace_id_id_key", ["workspace_id", "id"])
    .addCheckConstraint(
      "batch_jobs_status_check",
      oneOf("status", ["queued", "processing", "paused", "completed", "failed", "cancelled"]),
    )
    .addCheckConstraint("batch_jobs_priority_check", oneOf("priority", ["high", "normal", "low"]))
    .addCheckConstraint("batch_jobs_concurrency_check", sql`concurrency between 1 and 10`)
    .addCheckConstraint(
      "batch_jobs_error_strategy_check",
      sql`error_strategy ~ '^(continue|stop|threshold:[0-9]+)$'`,
    )
    .addCheckConstraint(
      "batch_jobs_provider_mode_check",
      oneOf("provider_mode", ["realtime", "message_batches"]),
    )
    .addCheckConstraint(
      "batch_jobs_budget_cap_check",
      sql`budget_cap_usd is null or budget_cap_usd >= 0`,
    )
    // Each item is in exactly one status, so the per-status counters add up to the total.
    .addCheckConstraint(
      "batch_jobs_counters_check",
      sql`least(total_items, queued_items, processing_items, succeeded_items, failed_items,
                cancelled_items) >= 0
          and queued_items + processing_items + succeeded_items + failed_items + cancelled_items
              = total_items`,
    )
    .execute();
  await sql`create index batch_jobs_workspace_created_idx on batch_jobs (workspace_id, created_at desc, id desc)`.execute(
    db,
  );
  // What a worker looks at on start-up: unfinished batches, most urgent first.
  await sql`
    create index batch_jobs_unfinished_idx on batch_jobs (priority, created_at)
    where status in ('queued', 'processing', 'paused')
  `.execute(db);

  await db.schema
    .createTable("provider_batches")
    .$call(withUuidId)
    .addColumn("workspace_id", "uuid", workspaceColumn)
    .addColumn("batch_id", "uuid", (col) => col.notNull())
    .addColumn("provider", "text", (col) => col.notNull().defaultTo("anthropic"))
    .addColumn("provider_batch_id", "text")
    .addColumn("status", "text", (col) => col.notNull().defaultTo("submitting"))
    .addColumn("request_count", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("succeeded_count", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("errored_count", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("canceled_count", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("expired_count", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("results_url", "text")
    .addColumn("error", "text")
    .addColumn("submitted_at", "timestamptz")
    .addColumn("ended_at", "timestamptz")
    .$call(withTimestamps)
    .addUniqueConstraint("provider_batches_workspace_id_id_key", ["workspace_id", "id"])
    .addUniqueConstraint("provider_batches_provider_id_key", ["provider", "provider_batch_id"])
    .addForeignKeyConstraint(
      "provider_batches_batch_fkey",
      ["workspace_id", "batch_id"],
      "batch_jobs",
      ["workspace_id", "id"],
    )
    .addCheckConstraint(
      "provider_batches_status_check",
      oneOf("status", ["submitting", "in_progress", "canceling", "ended", "failed"]),
    )
    .execute();
  await sql`create index provider_batches_batch_idx on provider_batches (batch_id)`.execute(db);
  await sql`
    create index provider_batches_open_idx on provider_batches (created_at)
    where status in ('submitting', 'in_progress', 'canceling')
  `.execute(db);

  await db.schema
    .createTable("batch_items")
    .$call(withUuidId)
    .addColumn("workspace_id", "uuid", workspaceColumn)
    .addColumn("batch_id", "uuid", (col) => col.notNull())
    .addColumn("position", "integer", (col) => col.notNull())
    .addColumn("tier", "text", (col) => col.notNull())
    .addColumn("parameters", "jsonb", (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("persona_id", "uuid")
    .addColumn("arc_id", "uuid")
    .addColumn("topic_id", "uuid")
    .addColumn("edge_case_id", "uuid")
    .addColumn("source_chunk_id", "uuid")
    .addColumn("prompt_template_id", "uuid")
    .addColumn("status", "text", (col) => col.notNull().defaultTo("queued"))
    .addColumn("attempts", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("error_code", "text")
    .addColumn("conversation_id", "uuid")
    .addColumn("provider_batch_id", "uuid")
    .addColumn("provider_custom_id", "text")
    .addColumn("provider_request_id", "text")
    .addColumn("started_at", "timestamptz")
    .addColumn("finished_at", "timestamptz")
    .$call(withTimestamps)
    .addUniqueConstraint("batch_items_workspace_id_id_key", ["workspace_id", "id"])
    .addUniqueConstraint("batch_items_batch_position_key", ["batch_id", "position"])
    .addUniqueConstraint("batch_items_batch_custom_id_key", ["batch_id", "provider_custom_id"])
    .addForeignKeyConstraint(
      "batch_items_batch_fkey",
      ["workspace_id", "batch_id"],
      "batch_jobs",
      ["workspace_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    .addForeignKeyConstraint(
      "batch_items_persona_fkey",
      ["workspace_id", "persona_id"],
      "personas",
      ["workspace_id", "id"],
    )
    .addForeignKeyConstraint("batch_items_arc_fkey", ["workspace_id", "arc_id"], "emotional_arcs", [
      "workspace_id",
      "id",
    ])
    .addForeignKeyConstraint(
      "batch_items_topic_fkey",
      ["workspace_id", "topic_id"],
      "training_topics",
      ["workspace_id", "id"],
    )
    .addForeignKeyConstraint(
      "batch_items_edge_case_fkey",
      ["workspace_id", "edge_case_id"],
      "edge_cases",
      ["workspace_id", "id"],
    )
    .addForeignKeyConstraint(
      "batch_items_source_chunk_fkey",
      ["workspace_id", "source_chunk_id"],
      "source_chunks",
      ["workspace_id", "id"],
    )
    .addForeignKeyConstraint(
      "batch_items_prompt_template_fkey",
      ["workspace_id", "prompt_template_id"],
      "prompt_templates",
      ["workspace_id", "id"],
    )
    .addForeignKeyConstraint(
      "batch_items_provider_batch_fkey",
      ["workspace_id", "provider_batch_id"],
      "provider_batches",
      ["workspace_id", "id"],
    )
    .addCheckConstraint("batch_items_position_check", sql`position >= 0`)
    .addCheckConstraint("batch_items_tier_check", oneOf("tier", TIERS))
    .addCheckConstraint("batch_items_status_check", oneOf("status", ITEM_STATUSES))
    .addCheckConstraint("batch_items_attempts_check", sql`attempts >= 0`)
    .execute();
  // Progress counts and "next queued items" both read through this index.
  await sql`create index batch_items_batch_status_idx on batch_items (batch_id, status, position)`.execute(
    db,
  );
  await sql`
    create index batch_items_provider_batch_idx on batch_items (provider_batch_id)
    where provider_batch_id is not null
  `.execute(db);

  await db.schema
    .createTable("conversations")
    .$call(withUuidId)
    .addColumn("workspace_id", "uuid", workspaceColumn)
    .addColumn("batch_id", "uuid")
    .addColumn("batch_item_id", "uuid")
    .addColumn("parent_id", "uuid")
    .addColumn("version", "integer", (col) => col.notNull().defaultTo(1))
    .addColumn("status", "text", (col) => col.notNull().defaultTo("draft"))
    .addColumn("tier", "text", (col) => col.notNull())
    .addColumn("persona_id", "uuid")
    .addColumn("arc_id", "uuid")
    .addColumn("topic_id", "uuid")
    .addColumn("edge_case_id", "uuid")
    .addColumn("source_chunk_id", "uuid")
    .addColumn("prompt_template_id", "uuid")
    .addColumn("consultant_profile_id", "uuid")
    .addColumn("title", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("summary", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("learning_objective", "text")
    .addColumn("parameters", "jsonb", (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("quality_score", sql`numeric(4, 2)`)
    .addColumn("quality_metrics", "jsonb")
    .addColumn("duplicate_of", "uuid")
    .addColumn("is_human_edited", "boolean", (col) => col.notNull().defaultTo(false))
    .addColumn("simulated", "boolean", (col) => col.notNull().defaultTo(false))
    .addColumn("model", "text")
    .addColumn("turn_count", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("input_tokens", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("output_tokens", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("cache_creation_tokens", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("cache_read_tokens", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("cost_usd", sql`numeric(12, 6)`, (col) => col.notNull().defaultTo(0))
    .addColumn("error_message", "text")
    .addColumn("created_by", "text", (col) => col.references("users.id").onDelete("set null"))
    .$call(withTimestamps)
    .addUniqueConstraint("conversations_workspace_id_id_key", ["workspace_id", "id"])
    .addForeignKeyConstraint(
      "conversations_batch_fkey",
      ["workspace_id", "batch_id"],
      "batch_jobs",
      ["workspace_id", "id"],
    )
    .addForeignKeyConstraint(
      "conversations_batch_item_fkey",
      ["workspace_id", "batch_item_id"],
      "batch_items",
      ["workspace_id", "id"],
    )
    .addForeignKeyConstraint(
      "conversations_parent_fkey",
      ["workspace_id", "parent_id"],
      "conversations",
      ["workspace_id", "id"],
    )
    .addForeignKeyConstraint(
      "conversations_duplicate_of_fkey",
      ["workspace_id", "duplicate_of"],
      "conversations",
      ["workspace_id", "id"],
    )
    .addForeignKeyConstraint(
      "conversations_persona_fkey",
      ["workspace_id", "persona_id"],
      "personas",
      ["workspace_id", "id"],
    )
    .addForeignKeyConstraint(
      "conversations_arc_fkey",
      ["workspace_id", "arc_id"],
      "emotional_arcs",
      ["workspace_id", "id"],
    )
    .addForeignKeyConstraint(
      "conversations_topic_fkey",
      ["workspace_id", "topic_id"],
      "training_topics",
      ["workspace_id", "id"],
    )
    .addForeignKeyConstraint(
      "conversations_edge_case_fkey",
      ["workspace_id", "edge_case_id"],
      "edge_cases",
      ["workspace_id", "id"],
    )
    .addForeignKeyConstraint(
      "conversations_source_chunk_fkey",
      ["workspace_id", "source_chunk_id"],
      "source_chunks",
      ["workspace_id", "id"],
    )
    .addForeignKeyConstraint(
      "conversations_prompt_template_fkey",
      ["workspace_id", "prompt_template_id"],
      "prompt_templates",
      ["workspace_id", "id"],
    )
    .addForeignKeyConstraint(
      "conversations_consultant_profile_fkey",
      ["workspace_id", "consultant_profile_id"],
      "consultant_profiles",
      ["workspace_id", "id"],
    )
    .addCheckConstraint(
      "conversations_status_check",
      oneOf("status", [
        "draft",
        "generating",
        "generated",
        "pending_review",
        "approved",
        "rejected",
        "needs_revision",
        "failed",
        "archived",
      ]),
    )
    .addCheckConstraint("conversations_tier_check", oneOf("tier", TIERS))
    .addCheckConstraint("conversations_version_check", sql`version >= 1`)
    .addCheckConstraint(
      "conversations_quality_score_check",
      sql`quality_score is null or quality_score between 0 and 10`,
    )
    .execute();

  // A batch item whose job ran twice must not end up with two conversations. Archived ones
  // (replaced by a regeneration) do not count.
  await sql`
    create unique index conversations_one_live_per_batch_item on conversations (batch_item_id)
    where batch_item_id is not null and status <> 'archived'
  `.execute(db);
  // The conversation list: live rows of a workspace, filtered and sorted, at 100 000 rows.
  await sql`
    create index conversations_live_created_idx on conversations (workspace_id, created_at desc, id desc)
    where status <> 'archived'
  `.execute(db);
  await sql`
    create index conversations_status_created_idx
    on conversations (workspace_id, status, created_at desc, id desc)
  `.execute(db);
  await sql`
    create index conversations_tier_created_idx
    on conversations (workspace_id, tier, created_at desc, id desc)
    where status <> 'archived'
  `.execute(db);
  for (const column of ["persona_id", "arc_id", "topic_id"]) {
    await sql`
      create index ${sql.id(`conversations_${column}_created_idx`)}
      on conversations (workspace_id, ${sql.ref(column)}, created_at desc, id desc)
      where status <> 'archived'
    `.execute(db);
  }
  // Sorting by quality puts unscored rows last; the list query orders by this same expression.
  await sql`
    create index conversations_quality_idx
    on conversations (workspace_id, (coalesce(quality_score, -1)) desc, id desc)
    where status <> 'archived'
  `.execute(db);
  await sql`
    create index conversations_batch_idx on conversations (batch_id, created_at)
    where batch_id is not null
  `.execute(db);
  await sql`
    create index conversations_parent_idx on conversations (parent_id) where parent_id is not null
  `.execute(db);
  await sql`
    create index conversations_search_idx
    on conversations using gin ((title || ' ' || summary) gin_trgm_ops)
  `.execute(db);

  await db.schema
    .alterTable("batch_items")
    .addForeignKeyConstraint(
      "batch_items_conversation_fkey",
      ["workspace_id", "conversation_id"],
      "conversations",
      ["workspace_id", "id"],
    )
    .execute();

  await db.schema
    .createTable("conversation_turns")
    .$call(withUuidId)
    .addColumn("conversation_id", "uuid", (col) =>
      col.notNull().references("conversations.id").onDelete("cascade"),
    )
    .addColumn("turn_number", "integer", (col) => col.notNull())
    .addColumn("role", "text", (col) => col.notNull())
    .addColumn("content", "text", (col) => col.notNull())
    .addColumn("emotion", "jsonb")
    .addColumn("phase", "text")
    .addColumn("techniques", "jsonb", (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("token_count", "integer")
    .$call(withTimestamps)
    .addUniqueConstraint("conversation_turns_conversation_turn_key", [
      "conversation_id",
      "turn_number",
    ])
    .addCheckConstraint("conversation_turns_turn_number_check", sql`turn_number >= 1`)
    .addCheckConstraint(
      "conversation_turns_role_check",
      oneOf("role", ["user", "assistant", "system"]),
    )
    .execute();

  await db.schema
    .createTable("conversation_reviews")
    .$call(withUuidId)
    .addColumn("workspace_id", "uuid", workspaceColumn)
    .addColumn("conversation_id", "uuid", (col) => col.notNull())
    .addColumn("action", "text", (col) => col.notNull())
    .addColumn("previous_status", "text")
    .addColumn("new_status", "text")
    .addColumn("notes", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("reviewer_id", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint(
      "conversation_reviews_conversation_fkey",
      ["workspace_id", "conversation_id"],
      "conversations",
      ["workspace_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    .addCheckConstraint(
      "conversation_reviews_action_check",
      oneOf("action", ["approve", "reject", "needs_revision", "comment"]),
    )
    .execute();
  await sql`
    create index conversation_reviews_conversation_idx
    on conversation_reviews (conversation_id, created_at)
  `.execute(db);

  await db.schema
    .createTable("turn_edits")
    .$call(withUuidId)
    .addColumn("workspace_id", "uuid", workspaceColumn)
    .addColumn("conversation_id", "uuid", (col) => col.notNull())
    .addColumn("turn_id", "uuid", (col) =>
      col.notNull().references("conversation_turns.id").onDelete("cascade"),
    )
    .addColumn("turn_number", "integer", (col) => col.notNull())
    .addColumn("previous_content", "text", (col) => col.notNull())
    .addColumn("new_content", "text", (col) => col.notNull())
    .addColumn("editor_id", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint(
      "turn_edits_conversation_fkey",
      ["workspace_id", "conversation_id"],
      "conversations",
      ["workspace_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    .execute();
  await sql`create index turn_edits_conversation_idx on turn_edits (conversation_id, created_at)`.execute(
    db,
  );

  // Logs outlive what they describe, so their references are plain (set null), not cascades.
  await db.schema
    .createTable("generation_logs")
    .$call(withUuidId)
    .addColumn("workspace_id", "uuid", workspaceColumn)
    .addColumn("batch_id", "uuid", (col) => col.references("batch_jobs.id").onDelete("set null"))
    .addColumn("batch_item_id", "uuid", (col) =>
      col.references("batch_items.id").onDelete("set null"),
    )
    .addColumn("conversation_id", "uuid", (col) =>
      col.references("conversations.id").onDelete("set null"),
    )
    .addColumn("provider_batch_id", "uuid", (col) =>
      col.references("provider_batches.id").onDelete("set null"),
    )
    .addColumn("tier", "text")
    .addColumn("attempt", "integer", (col) => col.notNull().defaultTo(1))
    .addColumn("model", "text", (col) => col.notNull())
    .addColumn("request", "jsonb")
    .addColumn("response", "jsonb")
    .addColumn("raw_text", "text")
    .addColumn("input_tokens", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("output_tokens", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("cache_creation_tokens", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("cache_read_tokens", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("cost_usd", sql`numeric(12, 6)`, (col) => col.notNull().defaultTo(0))
    .addColumn("duration_ms", "integer")
    .addColumn("status", "text", (col) => col.notNull())
    .addColumn("error_code", "text")
    .addColumn("error_message", "text")
    .addColumn("request_id", "text")
    .addColumn("simulated", "boolean", (col) => col.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("generation_logs_status_check", oneOf("status", ["succeeded", "failed"]))
    .addCheckConstraint("generation_logs_tier_check", sql`tier is null or ${oneOf("tier", TIERS)}`)
    .execute();
  await sql`
    create index generation_logs_batch_idx on generation_logs (batch_id, created_at)
    where batch_id is not null
  `.execute(db);
  await sql`
    create index generation_logs_conversation_idx on generation_logs (conversation_id, created_at)
    where conversation_id is not null
  `.execute(db);
  await sql`
    create index generation_logs_batch_item_idx on generation_logs (batch_item_id)
    where batch_item_id is not null
  `.execute(db);
  await sql`
    create index generation_logs_workspace_created_idx
    on generation_logs (workspace_id, created_at desc)
  `.execute(db);
  // The estimator's per-tier token profile reads successful calls only.
  await sql`
    create index generation_logs_tier_profile_idx
    on generation_logs (workspace_id, tier, created_at desc)
    where status = 'succeeded'
  `.execute(db);

  for (const table of ["batch_jobs", "provider_batches", "batch_items", "conversations"]) {
    await addUpdatedAtTrigger(db, table);
  }
  await addUpdatedAtTrigger(db, "conversation_turns");

  await createCounterTriggers(db);
  await createCostTrigger(db);
}

/**
 * Statement-level triggers with transition tables: a bulk change (10 000 items inserted, a
 * batch's queued items cancelled) updates each batch row once, in the same transaction as
 * the item rows, so the counters can never drift from the items they summarise.
 */
async function createCounterTriggers(db: Kysely<unknown>): Promise<void> {
  const applyDeltas = (source: string) => sql`
    update batch_jobs b set
      total_items = b.total_items + d.total,
      queued_items = b.queued_items + d.queued,
      processing_items = b.processing_items + d.processing,
      succeeded_items = b.succeeded_items + d.succeeded,
      failed_items = b.failed_items + d.failed,
      cancelled_items = b.cancelled_items + d.cancelled
    from (
      select batch_id,
        coalesce(sum(delta), 0) as total,
        coalesce(sum(delta) filter (where status = 'queued'), 0) as queued,
        coalesce(sum(delta) filter (where status = 'processing'), 0) as processing,
        coalesce(sum(delta) filter (where status = 'succeeded'), 0) as succeeded,
        coalesce(sum(delta) filter (where status = 'failed'), 0) as failed,
        coalesce(sum(delta) filter (where status = 'cancelled'), 0) as cancelled
      from (${sql.raw(source)}) changes
      group by batch_id
    ) d
    where b.id = d.batch_id`;

  const insertDeltas = applyDeltas("select batch_id, status, 1 as delta from new_items");
  const deleteDeltas = applyDeltas("select batch_id, status, -1 as delta from old_items");
  // +1 for every new row's status and -1 for every old row's: a row whose status did not change
  // cancels out, a status change moves one unit, the total is unchanged. No join between the
  // transition tables, whose plan plpgsql would cache from the first (tiny) statement.
  const updateDeltas = applyDeltas(`
    select batch_id, status, 1 as delta from new_items
    union all
    select batch_id, status, -1 as delta from old_items`);

  await sql`
    create function parley_batch_items_count_insert() returns trigger language plpgsql as $$
    begin
      ${insertDeltas};
      return null;
    end
    $$
  `.execute(db);
  await sql`
    create function parley_batch_items_count_update() returns trigger language plpgsql as $$
    begin
      ${updateDeltas}
        and (d.queued, d.processing, d.succeeded, d.failed, d.cancelled) <> (0, 0, 0, 0, 0);
      return null;
    end
    $$
  `.execute(db);
  await sql`
    create function parley_batch_items_count_delete() returns trigger language plpgsql as $$
    begin
      ${deleteDeltas};
      return null;
    end
    $$
  `.execute(db);

  await sql`
    create trigger batch_items_count_insert after insert on batch_items
    referencing new table as new_items
    for each statement execute function parley_batch_items_count_insert()
  `.execute(db);
  await sql`
    create trigger batch_items_count_update after update on batch_items
    referencing old table as old_items new table as new_items
    for each statement execute function parley_batch_items_count_update()
  `.execute(db);
  await sql`
    create trigger batch_items_count_delete after delete on batch_items
    referencing old table as old_items
    for each statement execute function parley_batch_items_count_delete()
  `.execute(db);
}

/** Every provider call costs money, successful or not; the batch's running total includes all. */
async function createCostTrigger(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function parley_generation_logs_add_batch_cost() returns trigger language plpgsql as $$
    begin
      if new.batch_id is not null and new.cost_usd <> 0 then
        update batch_jobs set actual_cost_usd = actual_cost_usd + new.cost_usd
        where id = new.batch_id;
      end if;
      return null;
    end
    $$
  `.execute(db);
  await sql`
    create trigger generation_logs_add_batch_cost after insert on generation_logs
    for each row execute function parley_generation_logs_add_batch_cost()
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("generation_logs").execute();
  await db.schema.dropTable("turn_edits").execute();
  await db.schema.dropTable("conversation_reviews").execute();
  await db.schema.dropTable("conversation_turns").execute();
  await db.schema
    .alterTable("batch_items")
    .dropConstraint("batch_items_conversation_fkey")
    .execute();
  await db.schema.dropTable("conversations").execute();
  await db.schema.dropTable("batch_items").execute();
  await db.schema.dropTable("provider_batches").execute();
  await db.schema.dropTable("batch_jobs").execute();
  for (const fn of [
    "parley_generation_logs_add_batch_cost",
    "parley_batch_items_count_insert",
    "parley_batch_items_count_update",
    "parley_batch_items_count_delete",
  ]) {
    await sql`drop function ${sql.id(fn)}()`.execute(db);
  }
  // pg_trgm stays: other databases objects may use it and it costs nothing when unused.
}

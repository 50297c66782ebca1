// The building blocks a dataset is planned from: personas, emotional arcs, topics, versioned
// prompt templates, edge cases, source chunks and the consultant profile being trained.
import { type CreateTableBuilder, type Kysely, sql } from "kysely";
import { addUpdatedAtTrigger, oneOf, withTimestamps, withUuidId } from "./ddl-helpers.ts";

const TIERS = ["template", "scenario", "edge_case"];

/**
 * id, workspace_id, key, timestamps and retired_at. `unique (workspace_id, id)` is the target
 * of composite foreign keys, which is how a row can only ever reference rows of its own
 * workspace.
 */
function scaffoldingTable(db: Kysely<unknown>, table: string, options: { uniqueKey: boolean }) {
  let builder: CreateTableBuilder<string, string> = db.schema
    .createTable(table)
    .$call(withUuidId)
    .addColumn("workspace_id", "uuid", (col) =>
      col.notNull().references("workspaces.id").onDelete("cascade"),
    )
    .addColumn("key", "text", (col) => col.notNull())
    .$call(withTimestamps)
    .addColumn("retired_at", "timestamptz")
    .addUniqueConstraint(`${table}_workspace_id_id_key`, ["workspace_id", "id"])
    .addCheckConstraint(`${table}_key_format`, sql`key ~ '^[a-z0-9][a-z0-9_.-]{0,99}$'`);
  if (options.uniqueKey) {
    builder = builder.addUniqueConstraint(`${table}_workspace_id_key_key`, ["workspace_id", "key"]);
  }
  return builder;
}

const SCAFFOLDING_TABLES = [
  "personas",
  "emotional_arcs",
  "training_topics",
  "prompt_templates",
  "edge_cases",
  "source_chunks",
  "consultant_profiles",
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await scaffoldingTable(db, "personas", { uniqueKey: true })
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("archetype", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("description", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("background", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("traits", "jsonb", (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("demographics", "jsonb", (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("communication_style", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("concerns", "jsonb", (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();

  await scaffoldingTable(db, "emotional_arcs", { uniqueKey: true })
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("arc_type", "text", (col) => col.notNull().defaultTo("core"))
    .addColumn("start_emotion", "text", (col) => col.notNull())
    .addColumn("end_emotion", "text", (col) => col.notNull())
    .addColumn("intermediate_emotions", "jsonb", (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("description", "text", (col) => col.notNull().defaultTo(""))
    .addCheckConstraint("emotional_arcs_arc_type_check", oneOf("arc_type", ["core", "edge_case"]))
    .execute();

  await scaffoldingTable(db, "training_topics", { uniqueKey: true })
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("description", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("category", "text", (col) => col.notNull().defaultTo("general"))
    .execute();

  // Versioned: (key, version) is unique and at most one version per key is active.
  await scaffoldingTable(db, "prompt_templates", { uniqueKey: false })
    .addColumn("version", "integer", (col) => col.notNull().defaultTo(1))
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("description", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("tier", "text", (col) => col.notNull())
    .addColumn("body", "text", (col) => col.notNull())
    .addColumn("variables", "jsonb", (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("is_active", "boolean", (col) => col.notNull().defaultTo(true))
    .addColumn("created_by", "text", (col) => col.references("users.id").onDelete("set null"))
    .addUniqueConstraint("prompt_templates_workspace_id_key_version_key", [
      "workspace_id",
      "key",
      "version",
    ])
    .addCheckConstraint("prompt_templates_version_check", sql`version >= 1`)
    .addCheckConstraint("prompt_templates_tier_check", oneOf("tier", TIERS))
    .addCheckConstraint(
      "prompt_templates_variables_is_array",
      sql`jsonb_typeof(variables) = 'array'`,
    )
    .execute();
  await sql`
    create unique index prompt_templates_one_active_version on prompt_templates (workspace_id, key)
    where is_active
  `.execute(db);

  await scaffoldingTable(db, "edge_cases", { uniqueKey: true })
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("description", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("category", "text", (col) => col.notNull().defaultTo("general"))
    .addColumn("persona_id", "uuid")
    .addColumn("arc_id", "uuid")
    .addColumn("topic_id", "uuid")
    .addColumn("expected_behavior", "text", (col) => col.notNull())
    .addForeignKeyConstraint(
      "edge_cases_persona_fkey",
      ["workspace_id", "persona_id"],
      "personas",
      ["workspace_id", "id"],
    )
    .addForeignKeyConstraint("edge_cases_arc_fkey", ["workspace_id", "arc_id"], "emotional_arcs", [
      "workspace_id",
      "id",
    ])
    .addForeignKeyConstraint(
      "edge_cases_topic_fkey",
      ["workspace_id", "topic_id"],
      "training_topics",
      ["workspace_id", "id"],
    )
    .execute();

  await scaffoldingTable(db, "source_chunks", { uniqueKey: true })
    .addColumn("title", "text", (col) => col.notNull())
    .addColumn("content", "text", (col) => col.notNull())
    .addColumn("source_document", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("source_section", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("topic_id", "uuid")
    .addColumn("metadata", "jsonb", (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addForeignKeyConstraint(
      "source_chunks_topic_fkey",
      ["workspace_id", "topic_id"],
      "training_topics",
      ["workspace_id", "id"],
    )
    .execute();

  await scaffoldingTable(db, "consultant_profiles", { uniqueKey: true })
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("business", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("expertise", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("years_experience", "integer")
    .addColumn("core_philosophy", "jsonb", (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("communication_style", "jsonb", (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("system_prompt", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("is_default", "boolean", (col) => col.notNull().defaultTo(false))
    .execute();
  await sql`
    create unique index consultant_profiles_one_default on consultant_profiles (workspace_id)
    where is_default and retired_at is null
  `.execute(db);

  // The scaffolding pickers list what is not retired, by name.
  for (const table of SCAFFOLDING_TABLES) {
    await sql`
      create index ${sql.id(`${table}_active_idx`)} on ${sql.table(table)} (workspace_id)
      where retired_at is null
    `.execute(db);
    await addUpdatedAtTrigger(db, table);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [...SCAFFOLDING_TABLES].reverse()) {
    await db.schema.dropTable(table).execute();
  }
}

// Who may do what: better-auth's users/sessions/accounts/verifications (snake_case, renamed
// through betterAuthSchemaOptions), workspaces, memberships and invitations.
import { type Kysely, sql } from "kysely";
import { addUpdatedAtTrigger, oneOf, withTimestamps, withUuidId } from "./ddl-helpers.ts";

const ROLES = ["owner", "admin", "reviewer", "viewer"];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function parley_set_updated_at() returns trigger language plpgsql as $$
    begin
      new.updated_at = now();
      return new;
    end
    $$
  `.execute(db);

  // better-auth generates the ids of its own rows, hence text primary keys.
  await db.schema
    .createTable("users")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("email", "text", (col) => col.notNull().unique())
    .addColumn("email_verified", "boolean", (col) => col.notNull().defaultTo(false))
    .addColumn("image", "text")
    .$call(withTimestamps)
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("user_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("token", "text", (col) => col.notNull().unique())
    .addColumn("expires_at", "timestamptz", (col) => col.notNull())
    .addColumn("ip_address", "text")
    .addColumn("user_agent", "text")
    .$call(withTimestamps)
    .execute();
  await db.schema.createIndex("sessions_user_id_idx").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("accounts")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("user_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("account_id", "text", (col) => col.notNull())
    .addColumn("provider_id", "text", (col) => col.notNull())
    .addColumn("access_token", "text")
    .addColumn("refresh_token", "text")
    .addColumn("id_token", "text")
    .addColumn("access_token_expires_at", "timestamptz")
    .addColumn("refresh_token_expires_at", "timestamptz")
    .addColumn("scope", "text")
    .addColumn("password", "text")
    .$call(withTimestamps)
    .execute();
  await db.schema.createIndex("accounts_user_id_idx").on("accounts").column("user_id").execute();

  await db.schema
    .createTable("verifications")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("identifier", "text", (col) => col.notNull())
    .addColumn("value", "text", (col) => col.notNull())
    .addColumn("expires_at", "timestamptz", (col) => col.notNull())
    .$call(withTimestamps)
    .execute();
  await db.schema
    .createIndex("verifications_identifier_idx")
    .on("verifications")
    .column("identifier")
    .execute();

  await db.schema
    .createTable("workspaces")
    .$call(withUuidId)
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("slug", "text", (col) => col.notNull().unique())
    .addColumn("settings", "jsonb", (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    // Kept out of `settings` so that handing settings to the browser can never leak it.
    .addColumn("huggingface_token_ciphertext", "text")
    .addColumn("created_by", "text", (col) => col.references("users.id").onDelete("set null"))
    .$call(withTimestamps)
    .addCheckConstraint("workspaces_slug_format", sql`slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'`)
    .execute();

  await db.schema
    .createTable("memberships")
    .$call(withUuidId)
    .addColumn("workspace_id", "uuid", (col) =>
      col.notNull().references("workspaces.id").onDelete("cascade"),
    )
    .addColumn("user_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "text", (col) => col.notNull())
    .$call(withTimestamps)
    .addUniqueConstraint("memberships_workspace_user_key", ["workspace_id", "user_id"])
    .addCheckConstraint("memberships_role_check", oneOf("role", ROLES))
    .execute();
  await db.schema
    .createIndex("memberships_user_id_idx")
    .on("memberships")
    .column("user_id")
    .execute();

  await db.schema
    .createTable("invitations")
    .$call(withUuidId)
    .addColumn("workspace_id", "uuid", (col) =>
      col.notNull().references("workspaces.id").onDelete("cascade"),
    )
    .addColumn("email", "text", (col) => col.notNull())
    .addColumn("role", "text", (col) => col.notNull())
    .addColumn("token_hash", "text", (col) => col.notNull().unique())
    .addColumn("invited_by", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("expires_at", "timestamptz", (col) => col.notNull())
    .addColumn("accepted_at", "timestamptz")
    .addColumn("accepted_by", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("revoked_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("invitations_role_check", oneOf("role", ROLES))
    .execute();
  // One open invitation per address and workspace; re-inviting revokes or reuses it.
  await sql`
    create unique index invitations_open_email_key on invitations (workspace_id, lower(email))
    where accepted_at is null and revoked_at is null
  `.execute(db);

  for (const table of [
    "users",
    "sessions",
    "accounts",
    "verifications",
    "workspaces",
    "memberships",
  ]) {
    await addUpdatedAtTrigger(db, table);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "invitations",
    "memberships",
    "workspaces",
    "verifications",
    "accounts",
    "sessions",
    "users",
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await sql`drop function parley_set_updated_at()`.execute(db);
}

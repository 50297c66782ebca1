// Workspace secrets (the HuggingFace write token): set, clear, and a status that says only whether
// one is set, when, by whom and how it ends. The value itself leaves the database through
// findWorkspaceSecretValue alone, which only the export job calls.
import { type Kysely, sql } from "kysely";
import type { DB, WorkspaceSecretName } from "../schema.ts";

export interface WorkspaceSecretStatus {
  set: boolean;
  /** The last four characters, enough to tell two tokens apart; null when none is set. */
  lastFour: string | null;
  updatedAt: Date | null;
  updatedBy: string | null;
}

export interface WorkspaceSecretRef {
  workspaceId: string;
  name: WorkspaceSecretName;
}

/** Stores (or replaces) a secret; returns its status, never the value. */
export async function setWorkspaceSecret(
  db: Kysely<DB>,
  options: WorkspaceSecretRef & { value: string; updatedBy?: string | null },
): Promise<WorkspaceSecretStatus> {
  await db
    .insertInto("workspace_secrets")
    .values({
      workspace_id: options.workspaceId,
      name: options.name,
      value: options.value,
      updated_by: options.updatedBy ?? null,
    })
    .onConflict((oc) =>
      oc.columns(["workspace_id", "name"]).doUpdateSet({
        value: (eb) => eb.ref("excluded.value"),
        updated_by: (eb) => eb.ref("excluded.updated_by"),
        updated_at: sql<Date>`now()`,
      }),
    )
    .execute();
  return findWorkspaceSecretStatus(db, options);
}

/** Removes a secret; true when there was one. */
export async function clearWorkspaceSecret(
  db: Kysely<DB>,
  options: WorkspaceSecretRef,
): Promise<boolean> {
  const result = await db
    .deleteFrom("workspace_secrets")
    .where("workspace_id", "=", options.workspaceId)
    .where("name", "=", options.name)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function findWorkspaceSecretStatus(
  db: Kysely<DB>,
  options: WorkspaceSecretRef,
): Promise<WorkspaceSecretStatus> {
  // Only the tail is computed in SQL, so the value is never read into this process.
  const row = await db
    .selectFrom("workspace_secrets")
    .select([sql<string>`right(value, 4)`.as("last_four"), "updated_at", "updated_by"])
    .where("workspace_id", "=", options.workspaceId)
    .where("name", "=", options.name)
    .executeTakeFirst();
  if (!row) return { set: false, lastFour: null, updatedAt: null, updatedBy: null };
  return {
    set: true,
    lastFour: row.last_four,
    updatedAt: new Date(row.updated_at),
    updatedBy: row.updated_by,
  };
}

/** The secret itself, for the job that uses it; never log it or send it anywhere but its service. */
export async function findWorkspaceSecretValue(
  db: Kysely<DB>,
  options: WorkspaceSecretRef,
): Promise<string | undefined> {
  const row = await db
    .selectFrom("workspace_secrets")
    .select("value")
    .where("workspace_id", "=", options.workspaceId)
    .where("name", "=", options.name)
    .executeTakeFirst();
  return row?.value;
}

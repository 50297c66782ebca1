// Saved batch presets: a wizard's settings under a name, one row per preset, names unique per
// workspace whatever their case. The settings are opaque here: queue validates them on the way
// in and again on the way out (a preset can outlive the template or model it names).
import type { Kysely } from "kysely";
import { jsonb } from "../jsonb.ts";
import { isUniqueViolation } from "../postgres-errors.ts";
import { RepositoryError } from "../repository-error.ts";
import type { BatchPreset, DB } from "../schema.ts";

const NAME_TAKEN = "batch_presets_workspace_name_key";

function nameTaken(name: string): RepositoryError {
  return new RepositoryError(
    "invalid_input",
    `A preset named "${name}" already exists in this workspace: pick another name, or delete or rename that one first`,
  );
}

export function listBatchPresets(
  db: Kysely<DB>,
  options: { workspaceId: string },
): Promise<BatchPreset[]> {
  return db
    .selectFrom("batch_presets")
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .orderBy((eb) => eb.fn("lower", ["name"]))
    .execute();
}

/** By id, or by name whatever its case (the CLI's `--preset NAME`). */
export function findBatchPreset(
  db: Kysely<DB>,
  options: { workspaceId: string; presetId?: string; name?: string },
): Promise<BatchPreset | undefined> {
  return db
    .selectFrom("batch_presets")
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .$if(options.presetId !== undefined, (qb) => qb.where("id", "=", options.presetId ?? ""))
    .$if(options.name !== undefined, (qb) =>
      qb.where((eb) => eb(eb.fn("lower", ["name"]), "=", (options.name ?? "").toLowerCase())),
    )
    .executeTakeFirst();
}

export async function createBatchPreset(
  db: Kysely<DB>,
  options: {
    workspaceId: string;
    name: string;
    settings: Record<string, unknown>;
    createdBy: string | null;
  },
): Promise<BatchPreset> {
  try {
    return await db
      .insertInto("batch_presets")
      .values({
        workspaceId: options.workspaceId,
        name: options.name,
        settings: jsonb(options.settings),
        createdBy: options.createdBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error, NAME_TAKEN)) throw nameTaken(options.name);
    throw error;
  }
}

/** A new name and/or new settings for an existing preset. */
export async function updateBatchPreset(
  db: Kysely<DB>,
  options: {
    workspaceId: string;
    presetId: string;
    name?: string;
    settings?: Record<string, unknown>;
  },
): Promise<BatchPreset> {
  try {
    const row = await db
      .updateTable("batch_presets")
      .set({
        ...(options.name !== undefined ? { name: options.name } : {}),
        ...(options.settings !== undefined ? { settings: jsonb(options.settings) } : {}),
      })
      .where("workspaceId", "=", options.workspaceId)
      .where("id", "=", options.presetId)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new RepositoryError("not_found", "The preset does not exist");
    return row;
  } catch (error) {
    if (isUniqueViolation(error, NAME_TAKEN)) throw nameTaken(options.name ?? "");
    throw error;
  }
}

export async function deleteBatchPreset(
  db: Kysely<DB>,
  options: { workspaceId: string; presetId: string },
): Promise<boolean> {
  const result = await db
    .deleteFrom("batch_presets")
    .where("workspaceId", "=", options.workspaceId)
    .where("id", "=", options.presetId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

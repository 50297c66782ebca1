// Workspace secrets (the HuggingFace write token): set, clear, and a status that says only whether
// one is set, for which address, when, by whom and how it ends. Values are stored sealed with the
// secret key (secrets/secret-cipher.ts), bound to their row and to the address they were saved
// for; they leave the database opened through findWorkspaceSecret alone, which only the export
// job calls.
import { type Kysely, sql } from "kysely";
import type { DB, WorkspaceSecretName } from "../schema.ts";
import type { SecretCipher } from "../secrets/secret-cipher.ts";

export interface WorkspaceSecretStatus {
  set: boolean;
  /** The last four characters, enough to tell two tokens apart; null when none is set. */
  lastFour: string | null;
  /** The address the secret was saved for (null: the service's default); null when none is set. */
  endpoint: string | null;
  updatedAt: Date | null;
  updatedBy: string | null;
}

export interface WorkspaceSecretRef {
  workspaceId: string;
  name: WorkspaceSecretName;
}

export interface WorkspaceSecret {
  value: string;
  /** The only address the value may be sent to; null: the service's default address. */
  endpoint: string | null;
}

/**
 * What a sealed value is bound to: its workspace, its name and its address. A ciphertext copied
 * to another row, or a row whose address was changed in the table, does not open.
 */
function associatedDataOf(ref: WorkspaceSecretRef, endpoint: string | null): string {
  return JSON.stringify([ref.workspaceId, ref.name, endpoint]);
}

/** Stores (or replaces) a secret for one address; returns its status, never the value. */
export async function setWorkspaceSecret(
  db: Kysely<DB>,
  options: WorkspaceSecretRef & {
    cipher: SecretCipher;
    value: string;
    endpoint: string | null;
    updatedBy?: string | null;
  },
): Promise<WorkspaceSecretStatus> {
  const ciphertext = options.cipher.seal(
    options.value,
    associatedDataOf(options, options.endpoint),
  );
  await db
    .insertInto("workspace_secrets")
    .values({
      workspaceId: options.workspaceId,
      name: options.name,
      ciphertext,
      plaintextValue: null,
      lastFour: options.value.slice(-4),
      endpoint: options.endpoint,
      updatedBy: options.updatedBy ?? null,
    })
    .onConflict((oc) =>
      oc.columns(["workspaceId", "name"]).doUpdateSet({
        ciphertext: (eb) => eb.ref("excluded.ciphertext"),
        plaintextValue: null,
        lastFour: (eb) => eb.ref("excluded.lastFour"),
        endpoint: (eb) => eb.ref("excluded.endpoint"),
        updatedBy: (eb) => eb.ref("excluded.updatedBy"),
        updatedAt: sql<Date>`now()`,
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
    .where("workspaceId", "=", options.workspaceId)
    .where("name", "=", options.name)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function findWorkspaceSecretStatus(
  db: Kysely<DB>,
  options: WorkspaceSecretRef,
): Promise<WorkspaceSecretStatus> {
  // The value is never read here: the tail was kept beside it when it was saved.
  const row = await db
    .selectFrom("workspace_secrets")
    .select(["lastFour", "endpoint", "updatedAt", "updatedBy"])
    .where("workspaceId", "=", options.workspaceId)
    .where("name", "=", options.name)
    .executeTakeFirst();
  if (!row) {
    return { set: false, lastFour: null, endpoint: null, updatedAt: null, updatedBy: null };
  }
  return {
    set: true,
    lastFour: row.lastFour,
    endpoint: row.endpoint,
    updatedAt: new Date(row.updatedAt),
    updatedBy: row.updatedBy,
  };
}

/**
 * The secret itself and the address it may go to, for the job that uses it; never log it or send
 * it anywhere else. Throws SecretDecryptionError (with a message saying what to do) when this
 * process's key cannot open it.
 */
export async function findWorkspaceSecret(
  db: Kysely<DB>,
  options: WorkspaceSecretRef & { cipher: SecretCipher },
): Promise<WorkspaceSecret | undefined> {
  const row = await db
    .selectFrom("workspace_secrets")
    .select(["ciphertext", "plaintextValue", "endpoint"])
    .where("workspaceId", "=", options.workspaceId)
    .where("name", "=", options.name)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.ciphertext === null) {
    // Saved before values were sealed and not sealed yet (the worker does it on start).
    await sealWorkspaceSecrets(db, { cipher: options.cipher });
    return row.plaintextValue === null
      ? undefined
      : { value: row.plaintextValue, endpoint: row.endpoint };
  }
  return {
    value: options.cipher.open(row.ciphertext, associatedDataOf(options, row.endpoint)),
    endpoint: row.endpoint,
  };
}

/**
 * Seals every value still stored in plain text (saved before sealing existed) and reseals values
 * sealed with a previous key, so rotating PARLEY_SECRET_KEY completes on the next start. Values
 * this process cannot open are left as they are (reading them says why). Safe to run from several
 * processes at once: each row is only updated while it is still in the state it was read in.
 */
export async function sealWorkspaceSecrets(
  db: Kysely<DB>,
  options: { cipher: SecretCipher },
): Promise<{ sealed: number; resealed: number }> {
  const { cipher } = options;
  const rows = await db
    .selectFrom("workspace_secrets")
    .select(["workspaceId", "name", "ciphertext", "plaintextValue", "endpoint"])
    .where((eb) =>
      eb.or([
        eb("ciphertext", "is", null),
        eb("ciphertext", "not like", `v1.${cipher.currentKeyId}.%`),
      ]),
    )
    .execute();
  let sealed = 0;
  let resealed = 0;
  for (const row of rows) {
    const ref = { workspaceId: row.workspaceId, name: row.name };
    const associatedData = associatedDataOf(ref, row.endpoint);
    let value = row.plaintextValue;
    if (row.ciphertext !== null) {
      try {
        value = cipher.open(row.ciphertext, associatedData);
      } catch {
        continue;
      }
    }
    if (value === null) continue;
    let update = db
      .updateTable("workspace_secrets")
      .set({ ciphertext: cipher.seal(value, associatedData), plaintextValue: null })
      .where("workspaceId", "=", row.workspaceId)
      .where("name", "=", row.name);
    update =
      row.ciphertext === null
        ? update.where("ciphertext", "is", null)
        : update.where("ciphertext", "=", row.ciphertext);
    const result = await update.executeTakeFirst();
    if (result.numUpdatedRows === 0n) continue;
    if (row.ciphertext === null) sealed++;
    else resealed++;
  }
  return { sealed, resealed };
}

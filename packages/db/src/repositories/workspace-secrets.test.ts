// Workspace secrets on the real Postgres: the table holds a sealed value, never the token; it
// opens with the key it was saved with and says clearly when the key is another; the status
// still shows the last four characters and the address it was saved for; and tokens saved before
// sealing existed are sealed on the next start, leaving nothing in plain text.
import { randomBytes } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sealMigration from "../migrations/2026-12-01-0013-seal-workspace-secrets.ts";
import { createSecretCipher } from "../secrets/secret-cipher.ts";
import { createTestDatabase, createTestWorkspace, type TestDatabase } from "../testing/index.ts";
import {
  findWorkspaceSecret,
  findWorkspaceSecretStatus,
  sealWorkspaceSecrets,
  setWorkspaceSecret,
} from "./workspace-secrets.ts";
import { updateWorkspace } from "./workspaces.ts";

const TOKEN = "hf_AtRestTokenValue0123WXYZ";
const NAME = "huggingface_token" as const;
const cipher = createSecretCipher({ current: randomBytes(32), source: "the test key" });

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.destroy();
});

/** A new workspace with TOKEN saved for `endpoint`, sealed with `key`. */
async function workspaceWithToken(name: string, key = cipher, endpoint: string | null = null) {
  const workspace = await createTestWorkspace(database.db, { name });
  await setWorkspaceSecret(database.db, {
    workspaceId: workspace.id,
    name: NAME,
    cipher: key,
    value: TOKEN,
    endpoint,
  });
  return workspace;
}

/** The secret rows exactly as stored, every column as text. */
async function storedRows(): Promise<string[]> {
  const result = await sql<{ row: string }>`
    select row_to_json(s)::text as row from workspace_secrets s
  `.execute(database.db);
  return result.rows.map(({ row }) => row);
}

describe("workspace secrets at rest", () => {
  it("stores a sealed value, never the token, and opens it for the address it was saved for", async () => {
    const workspace = await createTestWorkspace(database.db, { name: "sealed" });
    const status = await setWorkspaceSecret(database.db, {
      workspaceId: workspace.id,
      name: NAME,
      cipher,
      value: TOKEN,
      endpoint: "https://hub.example.com",
    });
    expect(status).toMatchObject({
      set: true,
      lastFour: "WXYZ",
      endpoint: "https://hub.example.com",
    });

    const rows = await storedRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).not.toContain(TOKEN);
    expect(rows[0]).not.toContain(TOKEN.slice(3, 15));
    expect(rows[0]).toContain(`"ciphertext":"v1.${cipher.currentKeyId}.`);
    expect(rows[0]).toContain('"plaintext_value":null');

    expect(
      await findWorkspaceSecret(database.db, { workspaceId: workspace.id, name: NAME, cipher }),
    ).toEqual({
      value: TOKEN,
      endpoint: "https://hub.example.com",
    });
    expect(
      await findWorkspaceSecretStatus(database.db, { workspaceId: workspace.id, name: NAME }),
    ).toMatchObject({
      set: true,
      lastFour: "WXYZ",
    });
  });

  it("says which key it needs when opened with another one, instead of an OpenSSL error", async () => {
    const workspace = await workspaceWithToken("wrong key");
    const otherKey = createSecretCipher({ current: randomBytes(32), source: "PARLEY_SECRET_KEY" });
    await expect(
      findWorkspaceSecret(database.db, { workspaceId: workspace.id, name: NAME, cipher: otherKey }),
    ).rejects.toThrow(
      `The stored secret was encrypted with key ${cipher.currentKeyId}, but this process has key ${otherKey.currentKeyId} (from PARLEY_SECRET_KEY)`,
    );
  });

  it("does not open once its address was changed in the table behind the app's back", async () => {
    const workspace = await workspaceWithToken("moved");
    await database.db
      .updateTable("workspace_secrets")
      .set({ endpoint: "https://attacker.example" })
      .where("workspaceId", "=", workspace.id)
      .execute();
    await expect(
      findWorkspaceSecret(database.db, { workspaceId: workspace.id, name: NAME, cipher }),
    ).rejects.toThrow(/altered or copied from elsewhere/);
  });

  it("reseals values sealed with a previous key once the key rotates", async () => {
    const oldKey = randomBytes(32);
    const old = createSecretCipher({ current: oldKey, source: "old" });
    const workspace = await workspaceWithToken("rotated", old);
    const newKey = randomBytes(32);
    const rotated = createSecretCipher({
      current: newKey,
      previous: [oldKey],
      source: "new",
    });
    expect(
      (await sealWorkspaceSecrets(database.db, { cipher: rotated })).resealed,
    ).toBeGreaterThanOrEqual(1);
    const row = await database.db
      .selectFrom("workspace_secrets")
      .select("ciphertext")
      .where("workspaceId", "=", workspace.id)
      .executeTakeFirstOrThrow();
    expect(rotated.keyIdOf(row.ciphertext ?? "")).toBe(rotated.currentKeyId);
    // It opens without the old key now.
    const newOnly = createSecretCipher({ current: newKey, source: "new" });
    expect(
      await findWorkspaceSecret(database.db, {
        workspaceId: workspace.id,
        name: NAME,
        cipher: newOnly,
      }),
    ).toMatchObject({ value: TOKEN });
  });
});

describe("tokens saved in plain text before sealing", () => {
  it("move out of the value column on migration, keep their ending and address, and are sealed on the next start", async () => {
    const legacy = await createTestDatabase();
    try {
      const { db } = legacy;
      const onDefault = await createTestWorkspace(db, { name: "legacy default" });
      const selfHosted = await createTestWorkspace(db, { name: "legacy self-hosted" });
      await updateWorkspace(db, {
        workspaceId: selfHosted.id,
        settings: { huggingFaceEndpoint: "https://hub.internal" },
      });
      // The table as it was before 2026-12-01-0013, with tokens saved then.
      await sealMigration.down(db as Kysely<unknown>);
      await sql`
        insert into workspace_secrets (workspace_id, name, value) values
          (${onDefault.id}, 'huggingface_token', 'hf_LegacyDefault0000ABCD'),
          (${selfHosted.id}, 'huggingface_token', 'hf_LegacySelfHosted00EFGH')
      `.execute(db);
      await sealMigration.up(db as Kysely<unknown>);

      expect(
        await findWorkspaceSecretStatus(db, { workspaceId: onDefault.id, name: NAME }),
      ).toMatchObject({
        set: true,
        lastFour: "ABCD",
        endpoint: null,
      });
      expect(
        await findWorkspaceSecretStatus(db, { workspaceId: selfHosted.id, name: NAME }),
      ).toMatchObject({
        lastFour: "EFGH",
        endpoint: "https://hub.internal",
      });

      expect(await sealWorkspaceSecrets(db, { cipher })).toEqual({ sealed: 2, resealed: 0 });
      const rows = await sql<{
        row: string;
      }>`select row_to_json(s)::text as row from workspace_secrets s`.execute(db);
      expect(rows.rows).toHaveLength(2);
      for (const { row } of rows.rows) {
        expect(row).not.toMatch(/hf_Legacy/);
        expect(row).toContain('"plaintext_value":null');
      }
      expect(
        await findWorkspaceSecret(db, { workspaceId: selfHosted.id, name: NAME, cipher }),
      ).toEqual({
        value: "hf_LegacySelfHosted00EFGH",
        endpoint: "https://hub.internal",
      });
      // Nothing left to do on the start after that.
      expect(await sealWorkspaceSecrets(db, { cipher })).toEqual({ sealed: 0, resealed: 0 });
    } finally {
      await legacy.destroy();
    }
  });

  it("a row can never hold both a sealed and a plain value, or neither", async () => {
    const workspace = await createTestWorkspace(database.db, { name: "both" });
    await expect(
      sql`insert into workspace_secrets (workspace_id, name, last_four) values (${workspace.id}, 'huggingface_token', 'abcd')`.execute(
        database.db,
      ),
    ).rejects.toThrow(/workspace_secrets_sealed_or_pending/);
    await expect(
      sql`insert into workspace_secrets (workspace_id, name, last_four, ciphertext, plaintext_value) values (${workspace.id}, 'huggingface_token', 'abcd', 'v1.x', 'hf_x')`.execute(
        database.db,
      ),
    ).rejects.toThrow(/workspace_secrets_sealed_or_pending/);
  });
});

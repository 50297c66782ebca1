// Hub pushes from the export job the way the web app asks for them: the token a workspace saved in
// its settings (workspace_secrets) and its Hub address, a real worker, a real Postgres, and local
// stand-ins for the HuggingFace Hub that accept only one token each. The worker's own HF_TOKEN and
// HF_ENDPOINT point at a second stand-in, so where a package lands shows whose token was used; a
// third plays a Hub someone pointed the workspace at after its token was saved, and must never be
// sent anything. Tokens are stored sealed with the worker's PARLEY_SECRET_KEY.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import {
  createConversation,
  createSecretCipher,
  type Export,
  findActiveScaffolding,
  findExport,
  type SecretCipher,
  setWorkspaceSecret,
  updateWorkspace,
} from "@parley/db";
import { createTestDatabase, createTestWorkspace, type TestDatabase } from "@parley/db/testing";
import { type StandInHub, startStandInHub } from "@parley/export/testing/stand-in-hub";
import { openQueue, type Queue, requestExport, resolveStoredExport } from "@parley/queue";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningWorker, startWorker } from "../worker.ts";

const WORKSPACE_TOKEN = `hf_${"W0rkspace".repeat(4)}`;
const WORKER_TOKEN = `hf_${"W0rkerEnv".repeat(4)}`;
const WRONG_TOKEN = `hf_${"Wr0ngT0ken".repeat(4)}`;
const LEGACY_TOKEN = `hf_${"Leg4cyPlain".repeat(3)}`;
const TOKENS = [WORKSPACE_TOKEN, WORKER_TOKEN, WRONG_TOKEN, LEGACY_TOKEN];
const SECRET_KEY = randomBytes(32);
/** The worker's key, as Settings → Integrations (the web server) seals with the same one. */
const secrets = createSecretCipher({ current: SECRET_KEY, source: "PARLEY_SECRET_KEY" });

let database: TestDatabase;
let workspaceHub: StandInHub;
let workerHub: StandInHub;
/** A Hub the workspace was pointed at after its token was saved: it must receive nothing. */
let collectorHub: StandInHub;
/** The Hub of a workspace whose token was saved before tokens were sealed. */
let legacyHub: StandInHub;
let legacyWorkspaceId: string;
let queue: Queue;
let worker: RunningWorker;
let exportsDir: string;
const logLines: string[] = [];

async function waitForExport(workspaceId: string, exportId: string): Promise<Export> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const row = await findExport(database.db, { workspaceId, exportId });
    if (row && (row.status === "completed" || row.status === "failed")) return row;
    if (Date.now() > deadline) throw new Error(`export ${exportId} is still ${row?.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A workspace with `count` approved conversations of every tier; with a token, its Hub set to the
 * workspace stand-in and then the token saved for it, the way Settings → Integrations saves it.
 */
async function workspaceWithConversations(
  name: string,
  count: number,
  hubToken?: string,
  cipher: SecretCipher = secrets,
): Promise<string> {
  const workspace = await createTestWorkspace(database.db, { name, seed: true });
  const scaffolding = await findActiveScaffolding(database.db, { workspaceId: workspace.id });
  const tiers = ["template", "scenario", "edge_case"] as const;
  for (let i = 0; i < count; i++) {
    await createConversation(database.db, {
      workspaceId: workspace.id,
      tier: tiers[i % 3] ?? "template",
      status: "approved",
      title: `${name} ${i}`,
      personaId: scaffolding.personas[i % scaffolding.personas.length]?.id ?? null,
      arcId: scaffolding.arcs[0]?.id ?? null,
      topicId: scaffolding.topics[0]?.id ?? null,
      simulated: true,
      turns: [
        { role: "user", content: `${name}: question ${i}` },
        { role: "assistant", content: `${name}: answer ${i}` },
      ],
    });
  }
  if (hubToken) {
    await moveWorkspaceHub(workspace.id, workspaceHub.url);
    await setWorkspaceSecret(database.db, {
      workspaceId: workspace.id,
      name: "huggingface_token",
      cipher,
      value: hubToken,
      endpoint: workspaceHub.url,
    });
  }
  return workspace.id;
}

/** Points a workspace at another Hub (as an admin may, after its token was saved). */
async function moveWorkspaceHub(workspaceId: string, url: string): Promise<void> {
  await updateWorkspace(database.db, { workspaceId, settings: { huggingFaceEndpoint: url } });
}

/** A zip package pushed to `repo` from this workspace, run by the worker to its end. */
async function pushPackage(workspaceId: string, repo: string): Promise<Export> {
  const requested = await requestExport(database.db, queue, {
    workspaceId,
    format: "messages",
    options: { package: "zip", hub: { repo, private: true } },
  });
  return waitForExport(workspaceId, requested.id);
}

/** Every file under a folder, by path relative to it. */
async function filesUnder(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path), await readFile(path));
  }
  return files;
}

/** Every row of every table (pg-boss's job payloads included) as text. */
async function everyRowAsText(): Promise<Array<{ table: string; row: string }>> {
  const tables = await sql<{ schema: string; table: string }>`
    select table_schema as schema, table_name as table from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
  `.execute(database.db);
  const rows: Array<{ table: string; row: string }> = [];
  for (const { schema, table } of tables.rows) {
    const result = await sql<{ row: string }>`
      select row_to_json(t)::text as row from ${sql.table(`${schema}.${table}`)} t
    `.execute(database.db);
    for (const { row } of result.rows) rows.push({ table: `${schema}.${table}`, row });
  }
  return rows;
}

beforeAll(async () => {
  database = await createTestDatabase({ maxConnections: 10 });
  workspaceHub = await startStandInHub({
    token: WORKSPACE_TOKEN,
    // Like a badly behaved proxy: a refused token is echoed back, so redaction is tested for real.
    reflectAuthorizationInErrors: true,
  });
  workerHub = await startStandInHub({ token: WORKER_TOKEN });
  collectorHub = await startStandInHub({ token: WORKSPACE_TOKEN });
  legacyHub = await startStandInHub({ token: LEGACY_TOKEN });
  // A token saved before tokens were sealed, as the 2026-12-01-0013 migration leaves it: the
  // worker seals it when it starts.
  legacyWorkspaceId = await workspaceWithConversations("Legacy", 3);
  await moveWorkspaceHub(legacyWorkspaceId, legacyHub.url);
  await sql`
    insert into workspace_secrets (workspace_id, name, plaintext_value, last_four, endpoint)
    values (${legacyWorkspaceId}, 'huggingface_token', ${LEGACY_TOKEN}, ${LEGACY_TOKEN.slice(-4)}, ${legacyHub.url})
  `.execute(database.db);
  exportsDir = await mkdtemp(join(tmpdir(), "parley-hub-exports-"));
  queue = await openQueue({ databaseUrl: database.url, role: "producer" });
  worker = await startWorker({
    databaseUrl: database.url,
    log: (line) => logLines.push(line),
    env: {
      PARLEY_EXPORTS_DIR: exportsDir,
      PARLEY_SIM_LATENCY_MS: "5",
      HF_TOKEN: WORKER_TOKEN,
      HF_ENDPOINT: workerHub.url,
      PARLEY_SECRET_KEY: SECRET_KEY.toString("base64"),
    },
  });
});

afterAll(async () => {
  await worker?.stop();
  await queue?.stop({ graceful: false });
  await workspaceHub?.close();
  await workerHub?.close();
  await collectorHub?.close();
  await legacyHub?.close();
  await database?.destroy();
  if (exportsDir) await rm(exportsDir, { recursive: true, force: true });
});

describe("export.run with a Hub push", () => {
  it("pushes the package with the workspace's token to its Hub: a private repo, every file in one commit, the URL on the row", async () => {
    const workspaceId = await workspaceWithConversations("Acme", 12, WORKSPACE_TOKEN);

    const requested = await requestExport(database.db, queue, {
      workspaceId,
      format: "messages",
      filters: { statuses: ["approved"] },
      options: {
        package: "tar.gz",
        name: "acme-support",
        split: { ratios: { train: 0.5, validation: 0.25, test: 0.25 }, seed: "1" },
        hub: { repo: "acme/support-dialogues", private: true },
      },
    });
    const done = await waitForExport(workspaceId, requested.id);
    expect(done.error).toBeNull();
    expect(done.status).toBe("completed");
    expect(done.rowCount).toBe(12);

    // The stand-in for the workspace's Hub has it; the worker's own Hub was never asked.
    const repo = workspaceHub.repos.get("dataset/acme/support-dialogues");
    if (!repo) throw new Error("the repository was not created on the workspace's Hub");
    expect(repo.private).toBe(true);
    expect(repo.commits).toHaveLength(1);
    expect(workerHub.requests).toEqual([]);

    expect(done.hubUrl).toBe(`${workspaceHub.url}/datasets/acme/support-dialogues`);
    expect(done.hubCommit).toBe(repo.commits[0]?.oid);

    // Every file of the stored package, byte for byte, in that one commit, and nothing else.
    const archive = resolveStoredExport(exportsDir, workspaceId, done.location);
    if (!archive) throw new Error("the location is not under the exports folder");
    const unpacked = await mkdtemp(join(tmpdir(), "parley-hub-unpacked-"));
    try {
      await promisify(execFile)("tar", ["-xzf", archive, "-C", unpacked]);
      const packaged = await filesUnder(join(unpacked, "acme-support"));
      expect(packaged.size).toBeGreaterThanOrEqual(6);
      expect([...packaged.keys()]).toEqual(
        expect.arrayContaining(["README.md", "data/messages/train.jsonl"]),
      );
      expect(repo.commits[0]?.files.map((file) => file.path).sort()).toEqual(
        [...packaged.keys()].sort(),
      );
      for (const [path, content] of packaged) expect(repo.files.get(path)).toEqual(content);
    } finally {
      await rm(unpacked, { recursive: true, force: true });
    }
    expect(logLines.some((line) => line.includes("pushed to") && line.includes(requested.id))).toBe(
      true,
    );
  });

  it("fails an export whose saved token the Hub refuses, with a message that names no token", async () => {
    const workspaceId = await workspaceWithConversations("Refused", 3, WRONG_TOKEN);
    const requested = await requestExport(database.db, queue, {
      workspaceId,
      format: "sharegpt",
      options: { package: "zip", hub: { repo: "refused/dataset", private: true } },
    });
    const done = await waitForExport(workspaceId, requested.id);
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/The Hub refused the token for refused\/dataset \(HTTP 401\)/);
    expect(done.error).toContain("hf_***");
    expect(done.hubUrl).toBeNull();
    expect(workspaceHub.repos.has("dataset/refused/dataset")).toBe(false);
  });

  it("falls back to the worker's HF_TOKEN and HF_ENDPOINT when the workspace has set none", async () => {
    const workspaceId = await workspaceWithConversations("Fallback", 3);
    const requested = await requestExport(database.db, queue, {
      workspaceId,
      format: "messages",
      options: { package: "zip", hub: { repo: "fallback/dataset", private: false } },
    });
    const done = await waitForExport(workspaceId, requested.id);
    expect(done.error).toBeNull();
    expect(done.hubUrl).toBe(`${workerHub.url}/datasets/fallback/dataset`);
    const repo = workerHub.repos.get("dataset/fallback/dataset");
    expect(repo?.private).toBe(false);
    expect(repo?.commits).toHaveLength(1);
  });

  it("sends the saved token nowhere once the workspace's Hub address changed after it was saved", async () => {
    const workspaceId = await workspaceWithConversations("Moved", 3, WORKSPACE_TOKEN);
    await moveWorkspaceHub(workspaceId, collectorHub.url);
    const done = await pushPackage(workspaceId, "moved/dataset");
    expect(done.status).toBe("failed");
    expect(done.error).toBe(
      `The saved HuggingFace token was saved for ${workspaceHub.url}; save it again for ${collectorHub.url} in Settings → Integrations (a token is only sent to the Hub it was saved for).`,
    );
    expect(done.hubUrl).toBeNull();
    expect(collectorHub.requests).toEqual([]);
    expect(workspaceHub.repos.has("dataset/moved/dataset")).toBe(false);
    expect(workerHub.repos.has("dataset/moved/dataset")).toBe(false);
  });

  it("does not send the worker's HF_TOKEN to a Hub a workspace chose itself", async () => {
    const workspaceId = await workspaceWithConversations("Elsewhere", 3);
    await moveWorkspaceHub(workspaceId, collectorHub.url);
    const done = await pushPackage(workspaceId, "elsewhere/dataset");
    expect(done.status).toBe("failed");
    expect(done.error).toBe(
      `This workspace pushes to ${collectorHub.url}, and the worker's HF_TOKEN is only sent to ${workerHub.url}: save a token for ${collectorHub.url} in Settings → Integrations.`,
    );
    expect(collectorHub.requests).toEqual([]);
  });

  it("fails an export whose token was saved under another key, saying so, and sends nothing", async () => {
    const otherKey = createSecretCipher({ current: randomBytes(32), source: "another key" });
    const workspaceId = await workspaceWithConversations("Rekeyed", 3, WORKSPACE_TOKEN, otherKey);
    const before = workspaceHub.requests.length;
    const done = await pushPackage(workspaceId, "rekeyed/dataset");
    expect(done.status).toBe("failed");
    expect(done.error).toBe(
      `The workspace's HuggingFace token cannot be decrypted: The stored secret was encrypted with key ${otherKey.currentKeyId}, but this process has key ${secrets.currentKeyId} (from PARLEY_SECRET_KEY): start it with the key the secret was saved with (PARLEY_SECRET_KEY), or save the secret again.`,
    );
    expect(workspaceHub.requests.length).toBe(before);
  });

  it("seals a token saved in plain text before sealing when the worker starts, and pushes with it", async () => {
    expect(logLines).toContain("sealed 1 workspace secret(s) stored in plain text");
    const row = await database.db
      .selectFrom("workspace_secrets")
      .selectAll()
      .where("workspaceId", "=", legacyWorkspaceId)
      .executeTakeFirstOrThrow();
    expect(row.plaintextValue).toBeNull();
    expect(row.ciphertext).not.toContain(LEGACY_TOKEN);
    expect(row.lastFour).toBe(LEGACY_TOKEN.slice(-4));

    const done = await pushPackage(legacyWorkspaceId, "legacy/dataset");
    expect(done.error).toBeNull();
    expect(done.hubUrl).toBe(`${legacyHub.url}/datasets/legacy/dataset`);
    expect(legacyHub.repos.get("dataset/legacy/dataset")?.commits).toHaveLength(1);
  });

  // Runs last: checks everything the pushes above left behind.
  it("leaves no token in any row (the secrets' own included), any log line, any stored file or any pushed file", async () => {
    const leaks = (text: string) => TOKENS.some((token) => text.includes(token));

    const rows = await everyRowAsText();
    expect(rows.some(({ table }) => table.endsWith(".exports"))).toBe(true);
    expect(rows.some(({ table }) => table.startsWith("pgboss."))).toBe(true);
    // The scan does see values (a conversation's text), and the saved tokens' rows are there.
    expect(rows.some(({ row }) => row.includes("Acme: question 0"))).toBe(true);
    expect(
      rows.filter(({ table }) => table === "public.workspace_secrets").length,
    ).toBeGreaterThanOrEqual(4);
    // Not even the secrets' own table holds a token: it keeps them sealed.
    const leakingTables = rows.filter(({ row }) => leaks(row)).map(({ table }) => table);
    expect(leakingTables).toEqual([]);

    expect(logLines.some((line) => line.includes("HTTP 401"))).toBe(true);
    expect(logLines.filter(leaks)).toEqual([]);

    const stored = await filesUnder(exportsDir);
    expect(stored.size).toBeGreaterThanOrEqual(2);
    for (const [path, content] of stored) {
      expect(leaks(content.toString("latin1")), path).toBe(false);
    }
    for (const hub of [workspaceHub, workerHub, legacyHub]) {
      for (const repo of hub.repos.values()) {
        for (const [path, content] of repo.files) {
          expect(leaks(content.toString("utf8")), path).toBe(false);
        }
      }
    }
  });
});

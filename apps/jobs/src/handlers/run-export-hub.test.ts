// Hub pushes from the export job the way the web app asks for them: the token a workspace saved in
// its settings (workspace_secrets) and its Hub address, a real worker, a real Postgres, and local
// stand-ins for the HuggingFace Hub that accept only one token each. The worker's own HF_TOKEN and
// HF_ENDPOINT point at a second stand-in, so where a package lands shows whose token was used.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import {
  createConversation,
  type Export,
  findActiveScaffolding,
  findExport,
  setWorkspaceSecret,
  updateWorkspace,
} from "@parley/db";
import { createTestDatabase, createTestWorkspace, type TestDatabase } from "@parley/db/testing";
import { type StandInHub, startStandInHub } from "@parley/generation/testing/stand-in-hub";
import { openQueue, type Queue, requestExport, resolveStoredExport } from "@parley/queue";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningWorker, startWorker } from "../worker.ts";

const WORKSPACE_TOKEN = `hf_${"W0rkspace".repeat(4)}`;
const WORKER_TOKEN = `hf_${"W0rkerEnv".repeat(4)}`;
const WRONG_TOKEN = `hf_${"Wr0ngT0ken".repeat(4)}`;
const TOKENS = [WORKSPACE_TOKEN, WORKER_TOKEN, WRONG_TOKEN];

let database: TestDatabase;
let workspaceHub: StandInHub;
let workerHub: StandInHub;
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
 * A workspace with `count` approved conversations of every tier; with a token, saved the way
 * Settings → Integrations saves it, and the workspace's Hub set to the workspace stand-in.
 */
async function workspaceWithConversations(
  name: string,
  count: number,
  hubToken?: string,
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
    await setWorkspaceSecret(database.db, {
      workspaceId: workspace.id,
      name: "huggingface_token",
      value: hubToken,
    });
    await updateWorkspace(database.db, {
      workspaceId: workspace.id,
      settings: { huggingFaceEndpoint: workspaceHub.url },
    });
  }
  return workspace.id;
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
    },
  });
});

afterAll(async () => {
  await worker?.stop();
  await queue?.stop({ graceful: false });
  await workspaceHub?.close();
  await workerHub?.close();
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
    expect(done.row_count).toBe(12);

    // The stand-in for the workspace's Hub has it; the worker's own Hub was never asked.
    const repo = workspaceHub.repos.get("dataset/acme/support-dialogues");
    if (!repo) throw new Error("the repository was not created on the workspace's Hub");
    expect(repo.private).toBe(true);
    expect(repo.commits).toHaveLength(1);
    expect(workerHub.requests).toEqual([]);

    expect(done.hub_url).toBe(`${workspaceHub.url}/datasets/acme/support-dialogues`);
    expect(done.hub_commit).toBe(repo.commits[0]?.oid);

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
    expect(done.hub_url).toBeNull();
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
    expect(done.hub_url).toBe(`${workerHub.url}/datasets/fallback/dataset`);
    const repo = workerHub.repos.get("dataset/fallback/dataset");
    expect(repo?.private).toBe(false);
    expect(repo?.commits).toHaveLength(1);
  });

  // Runs last: checks everything the pushes above left behind.
  it("leaves no token in any row but the secret's own, any log line, any stored file or any pushed file", async () => {
    const leaks = (text: string) => TOKENS.some((token) => text.includes(token));

    const rows = await everyRowAsText();
    expect(rows.some(({ table }) => table.endsWith(".exports"))).toBe(true);
    expect(rows.some(({ table }) => table.startsWith("pgboss."))).toBe(true);
    // The scan does see values: the saved token is there, in its own table and nowhere else.
    expect(
      rows.some(
        ({ table, row }) => table === "public.workspace_secrets" && row.includes(WORKSPACE_TOKEN),
      ),
    ).toBe(true);
    const leakingTables = rows
      .filter(({ table, row }) => table !== "public.workspace_secrets" && leaks(row))
      .map(({ table }) => table);
    expect(leakingTables).toEqual([]);

    expect(logLines.some((line) => line.includes("HTTP 401"))).toBe(true);
    expect(logLines.filter(leaks)).toEqual([]);

    const stored = await filesUnder(exportsDir);
    expect(stored.size).toBeGreaterThanOrEqual(2);
    for (const [path, content] of stored) {
      expect(leaks(content.toString("latin1")), path).toBe(false);
    }
    for (const hub of [workspaceHub, workerHub]) {
      for (const repo of hub.repos.values()) {
        for (const [path, content] of repo.files) {
          expect(leaks(content.toString("utf8")), path).toBe(false);
        }
      }
    }
  });
});

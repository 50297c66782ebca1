// Stored exports the way the web app runs them: a row created and "export.run" enqueued through
// pg-boss on a real Postgres, a real worker writing the file under the exports folder.
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import {
  createConversation,
  createExport,
  type Export,
  editConversationTurn,
  findActiveScaffolding,
  findExport,
  findWorkspace,
} from "@parley/db";
import { createTestDatabase, createTestWorkspace, type TestDatabase } from "@parley/db/testing";
import { validateMessagesRecord } from "@parley/export";
import { openQueue, type Queue, requestExport, resolveStoredExport } from "@parley/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningWorker, startWorker } from "../worker.ts";

let database: TestDatabase;
let queue: Queue;
let worker: RunningWorker;
let exportsDir: string;
let workspaceId: string;
const approvedIds: string[] = [];
let editedId: string;

async function waitForExport(exportId: string, timeoutMs = 60_000): Promise<Export> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await findExport(database.db, { workspaceId, exportId });
    if (row && (row.status === "completed" || row.status === "failed")) return row;
    if (Date.now() > deadline) throw new Error(`export ${exportId} is still ${row?.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function turns(count: number, label: string) {
  return Array.from({ length: count }, (_, index) => ({
    role: index % 2 === 0 ? ("user" as const) : ("assistant" as const),
    content: `${label}: message ${index + 1}`,
    emotion: { primary: "worry", intensity: 0.5, secondary: [] },
  }));
}

beforeAll(async () => {
  database = await createTestDatabase({ maxConnections: 10 });
  const workspace = await createTestWorkspace(database.db, { seed: true });
  workspaceId = workspace.id;
  const scaffolding = await findActiveScaffolding(database.db, { workspaceId });
  const tiers = ["template", "scenario", "edge_case"] as const;
  for (let i = 0; i < 24; i++) {
    const conversation = await createConversation(database.db, {
      workspaceId,
      tier: tiers[i % 3] ?? "template",
      status: i < 18 ? "approved" : "pending_review",
      title: `Conversation ${i}`,
      personaId: scaffolding.personas[i % scaffolding.personas.length]?.id ?? null,
      arcId: scaffolding.arcs[i % scaffolding.arcs.length]?.id ?? null,
      topicId: scaffolding.topics[i % scaffolding.topics.length]?.id ?? null,
      qualityScore: 6 + (i % 4),
      simulated: true,
      turns: turns(4 + (i % 3) * 2, `c${i}`),
    });
    if (i < 18) approvedIds.push(conversation.id);
  }
  // A near-duplicate of the first: left out unless asked for.
  await createConversation(database.db, {
    workspaceId,
    tier: "template",
    status: "approved",
    title: "Duplicate",
    duplicateOf: approvedIds[0] ?? null,
    simulated: true,
    turns: turns(4, "dup"),
  });
  editedId = approvedIds[1] ?? "";
  await editConversationTurn(database.db, {
    workspaceId,
    conversationId: editedId,
    turnNumber: 2,
    content: "A reviewer rewrote this answer.",
  });

  exportsDir = await mkdtemp(join(tmpdir(), "parley-exports-"));
  queue = await openQueue({ databaseUrl: database.url, role: "producer" });
  worker = await startWorker({
    databaseUrl: database.url,
    log: () => {},
    env: { PARLEY_EXPORTS_DIR: exportsDir, PARLEY_SIM_LATENCY_MS: "5" },
  });
});

afterAll(async () => {
  await worker?.stop();
  await queue?.stop({ graceful: false });
  await database?.destroy();
  if (exportsDir) await rm(exportsDir, { recursive: true, force: true });
});

describe("the export.run job", () => {
  it("stores a messages file whose size and SHA-256 match the row, one valid line per approved conversation", async () => {
    const requested = await requestExport(database.db, queue, {
      workspaceId,
      format: "messages",
      filters: { statuses: ["approved"] },
    });
    expect(requested.status).toBe("queued");
    const done = await waitForExport(requested.id);
    expect(done.error).toBeNull();
    expect(done.status).toBe("completed");
    expect(done.progress).toBe(1);
    expect(done.location).toBe(`${workspaceId}/${requested.id}.jsonl`);

    const path = resolveStoredExport(exportsDir, workspaceId, done.location);
    if (!path) throw new Error("the location is not under the exports folder");
    const bytes = await readFile(path);
    expect(Number(done.bytes)).toBe(bytes.length);
    expect(done.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(done.includesSimulated).toBe(true);

    const lines = bytes.toString("utf8").split("\n").filter(Boolean);
    expect(done.rowCount).toBe(18);
    expect(lines).toHaveLength(18);
    const records = lines.map((line) => JSON.parse(line));
    for (const record of records) expect(validateMessagesRecord(record)).toEqual([]);
    // No duplicate, no pending conversation, and the human edit is both in the text and flagged.
    expect(records.map((record) => record.metadata.id).sort()).toEqual([...approvedIds].sort());
    const edited = records.find((record) => record.metadata.id === editedId);
    expect(edited.metadata.human_edited).toBe(true);
    expect(edited.messages.map((m: { content: string }) => m.content)).toContain(
      "A reviewer rewrote this answer.",
    );
    expect(records.filter((record) => record.metadata.human_edited)).toHaveLength(1);
  });

  it("leaves a finished export alone when its job is delivered again", async () => {
    const requested = await requestExport(database.db, queue, {
      workspaceId,
      format: "csv",
      filters: { statuses: ["approved"] },
    });
    const done = await waitForExport(requested.id);
    expect(done.status).toBe("completed");
    const again = await queue.send("export.run", { workspaceId, exportId: requested.id });
    if (!again) throw new Error("the job was not queued");
    const deadline = Date.now() + 30_000;
    for (;;) {
      const job = await queue.boss.getJobById("export.run", again);
      if (job?.state === "completed") break;
      if (Date.now() > deadline) throw new Error(`the repeated job is still ${job?.state}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await findExport(database.db, { workspaceId, exportId: requested.id })).toEqual(done);
  });

  it("stores a split tar.gz package and records the archive's checksum", async () => {
    const requested = await requestExport(database.db, queue, {
      workspaceId,
      format: "sharegpt",
      filters: { statuses: ["approved"], includeDuplicates: true },
      options: {
        package: "tar.gz",
        split: { ratios: { train: 0.8, validation: 0.1, test: 0.1 }, seed: "7" },
      },
    });
    const done = await waitForExport(requested.id);
    expect(done.error).toBeNull();
    expect(done.status).toBe("completed");
    expect(done.location).toBe(`${workspaceId}/${requested.id}.tar.gz`);
    const path = resolveStoredExport(exportsDir, workspaceId, done.location);
    if (!path) throw new Error("the location is not under the exports folder");
    const bytes = await readFile(path);
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(Number(done.bytes)).toBe(bytes.length);
    expect(done.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(done.rowCount).toBe(19);
    // Named for the workspace and the day, not the export's id: the card says so.
    const workspace = await findWorkspace(database.db, { workspaceId });
    const day = new Date(done.createdAt).toISOString().slice(0, 10);
    expect(gunzipSync(bytes).toString("utf8")).toContain(`pretty_name: ${workspace?.slug}-${day}`);
  });

  it("marks an export with impossible settings failed, with a message saying why", async () => {
    const row = await createExport(database.db, {
      workspaceId,
      format: "messages",
      filters: { minQuality: 9, maxQuality: 3 },
    });
    await queue.send("export.run", { workspaceId, exportId: row.id });
    const done = await waitForExport(row.id);
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/minimum quality must not be above the maximum/);
    expect(done.location).toBeNull();
  });

  it("does not serve another workspace's location", () => {
    expect(resolveStoredExport(exportsDir, workspaceId, `other/${workspaceId}.jsonl`)).toBeNull();
    expect(resolveStoredExport(exportsDir, workspaceId, `${workspaceId}/../x.jsonl`)).toBeNull();
  });
});

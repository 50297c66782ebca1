// `parley batch create --prompts FILE` and `parley batch results ID`, as an operator runs them (a
// child process on the real Postgres, a worker answering with the simulator): a CSV of prompts
// becomes a batch whose results come back as CSV and JSON, and a file with bad lines is refused
// naming each one, with nothing created.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureDefaultWorkspace, findBatch } from "@parley/db";
import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { parseCsv } from "@parley/export";
import { type RunningWorker, startWorker } from "@parley/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runParley } from "../test-support/run-parley.ts";

let database: TestDatabase;
let worker: RunningWorker;
let workspaceId: string;
let dir: string;

const parley = (args: string[]) => runParley(args, { databaseUrl: database.url });

beforeAll(async () => {
  database = await createTestDatabase({ maxConnections: 10 });
  workspaceId = (await ensureDefaultWorkspace(database.db)).workspace.id;
  worker = await startWorker({ databaseUrl: database.url, log: () => {}, env: {} });
  dir = await mkdtemp(join(tmpdir(), "parley-prompts-"));
});

afterAll(async () => {
  await worker?.stop();
  await database?.destroy();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function finished(batchId: string) {
  for (let tries = 0; tries < 300; tries++) {
    const batch = await findBatch(database.db, { workspaceId, batchId });
    if (batch && ["completed", "failed", "cancelled"].includes(batch.status)) return batch;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`batch ${batchId} did not finish`);
}

describe("parley batch create --prompts and batch results", () => {
  it("answers a CSV of prompts and writes the results as CSV and JSON", async () => {
    const prompts = join(dir, "prompts.csv");
    await writeFile(prompts, 'id,prompt\na,"What is a queue, briefly?"\nb,Name a prime number\n');
    const system = join(dir, "system.txt");
    await writeFile(system, "Answer in one sentence.");
    const created = await parley([
      "batch",
      "create",
      "--prompts",
      prompts,
      "--system-file",
      system,
      "--max-tokens",
      "200",
      "--json",
    ]);
    expect(created.stderr).not.toMatch(/parley: /);
    expect(created.code).toBe(0);
    const batch = JSON.parse(created.stdout) as { id: string; kind: string; totalItems: number };
    expect(batch).toMatchObject({ kind: "prompts", totalItems: 2 });
    expect((await finished(batch.id)).succeededItems).toBe(2);

    const out = join(dir, "results.csv");
    const csv = await parley(["batch", "results", batch.id, "--format", "csv", "--out", out]);
    expect(csv.code).toBe(0);
    expect(csv.stderr).toContain(`Wrote the results of 2 prompts to ${out}`);
    const [header, ...rows] = parseCsv(await readFile(out, "utf8"));
    expect(header?.slice(0, 5)).toEqual(["index", "id", "prompt", "response", "success"]);
    expect(rows.map((row) => [row[1], row[2], row[4]])).toEqual([
      ["a", "What is a queue, briefly?", "true"],
      ["b", "Name a prime number", "true"],
    ]);
    expect(rows[0]?.[3]).toContain('Simulated answer to "What is a queue, briefly?"');

    const json = await parley(["batch", "results", batch.id]);
    expect(json.code).toBe(0);
    const exported = JSON.parse(json.stdout);
    expect(exported.job).toMatchObject({ system: "Answer in one sentence.", max_tokens: 200 });
    expect(exported.summary).toMatchObject({ total: 2, completed: 2, failed: 0 });
  });

  it("refuses a file with bad lines, naming each, and creates nothing", async () => {
    const before = await database.db
      .selectFrom("batch_jobs")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    const prompts = join(dir, "bad.jsonl");
    await writeFile(prompts, '{"prompt": "fine"}\n{"id": 3}\n{"prompt": "x", "id": 3}\n');
    const refused = await parley(["batch", "create", "--prompts", prompts]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('line 2: it has no "prompt"');
    const after = await database.db
      .selectFrom("batch_jobs")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});

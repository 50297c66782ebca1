import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import "../testing/provided-context.ts";
import { readPostmasterPid } from "./postgres-cluster.ts";
import { findProcessesMentioning, isProcessAlive, waitForExit } from "./processes.ts";
import { findRepoRoot } from "./repo-root.ts";
import {
  clusterFiles,
  readServerRecord,
  removeAbandonedCluster,
  startDatabase,
} from "./start-database.ts";

const dataDirs: string[] = [];
function newDataDir(): string {
  const dir = join(findRepoRoot(), ".data", `launcher-test-${randomBytes(4).toString("hex")}`);
  dataDirs.push(dir);
  return dir;
}

afterAll(async () => {
  for (const dir of dataDirs) await removeAbandonedCluster(dir);
});

const quiet = { databaseUrl: undefined, log: () => {}, durable: false } as const;

async function query(url: string, text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Runs startDatabase in a separate Node process (the CLI while `npm start` runs) and resolves
 * with what it printed. With `hold`, the child keeps running until killed.
 */
function startInChild(
  dataDir: string,
  hold: boolean,
): Promise<{ child: ChildProcess; result: { url: string; source: string; owns: boolean } }> {
  const script = `
    import { startDatabase } from ${JSON.stringify(join(import.meta.dirname, "start-database.ts"))};
    const handle = await startDatabase({ databaseUrl: undefined, dataDir: ${JSON.stringify(dataDir)}, durable: false, log: () => {} });
    console.log(JSON.stringify({ url: handle.url, source: handle.source, owns: handle.ownsCluster }));
    if (${hold}) setInterval(() => {}, 1000); else await handle.stop();
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, DATABASE_URL: "" },
  });
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve({ child, result: JSON.parse(line) });
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("exit", (code) => {
      if (!stdout.includes("{")) reject(new Error(`child exited with ${code}: ${stderr}`));
    });
  });
}

describe("startDatabase", () => {
  it("uses DATABASE_URL when it is set (and answers), without starting anything", async () => {
    // The test run's own server stands in for one the user runs.
    const external = inject("parleyTestServerUrl");
    const handle = await startDatabase({ databaseUrl: external });
    expect(handle).toMatchObject({ source: "external", ownsCluster: false, url: external });
    await handle.stop();
    // Not ours to stop: it still answers.
    expect(await query(external, "select 1 as ok")).toEqual([{ ok: 1 }]);
  });

  it("starts a cluster, lets a second process reuse it, and stops leaving no postgres process", async () => {
    const dataDir = newDataDir();
    const owner = await startDatabase({ ...quiet, dataDir });
    expect(owner).toMatchObject({ source: "started", ownsCluster: true });
    expect(await query(owner.url, "select 1 as ok")).toEqual([{ ok: 1 }]);
    const record = readServerRecord(clusterFiles(dataDir).server);
    expect(record).toMatchObject({ ownerPid: process.pid, port: Number(new URL(owner.url).port) });
    expect(isProcessAlive(record?.pid ?? 0)).toBe(true);

    // The CLI while `npm start` runs: same server, not its owner; its stop() leaves it running.
    const { result: second } = await startInChild(dataDir, false);
    expect(second).toMatchObject({ source: "reused", owns: false });
    expect(new URL(second.url).port).toBe(new URL(owner.url).port);
    expect(await query(owner.url, "select 2 as still_up")).toEqual([{ still_up: 2 }]);

    await owner.stop();
    expect(findProcessesMentioning(dataDir)).toEqual([]);
    expect(existsSync(clusterFiles(dataDir).server)).toBe(false);
    expect(existsSync(join(dataDir, "postmaster.pid"))).toBe(false);
  });

  it("adopts the server of an owner that crashed, and then stops it", async () => {
    const dataDir = newDataDir();
    const { child, result } = await startInChild(dataDir, true);
    expect(result.source).toBe("started");
    child.kill("SIGKILL");
    await waitForExit(child.pid ?? 0, 5_000);
    // The database survives its owner (it runs detached) and still answers.
    expect(await query(result.url, "select 1 as ok")).toEqual([{ ok: 1 }]);

    const adopter = await startDatabase({ ...quiet, dataDir });
    expect(adopter).toMatchObject({ source: "adopted", ownsCluster: true, url: result.url });
    expect(readServerRecord(clusterFiles(dataDir).server)?.ownerPid).toBe(process.pid);
    await adopter.stop();
    expect(findProcessesMentioning(dataDir)).toEqual([]);
  });

  it("recovers from a stale postmaster.pid after postgres itself crashed, keeping the data", async () => {
    const dataDir = newDataDir();
    // Durable, as `npm start` runs it: the test clusters' synchronous_commit=off may lose the
    // last commits in a crash, which is exactly what this test must not see.
    const first = await startDatabase({ ...quiet, durable: true, dataDir });
    await query(first.url, "create table survived (id int); insert into survived values (42)");
    const postmaster = readPostmasterPid(dataDir);
    if (!postmaster) throw new Error("no postmaster.pid");
    process.kill(postmaster.pid, "SIGKILL");
    await waitForExit(postmaster.pid, 5_000);
    // Backends exit once their postmaster is gone; give them a moment.
    for (let i = 0; i < 50 && findProcessesMentioning(dataDir).length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // After a reboot the recorded pid is often some unrelated live process: here, this one.
    const stalePid = join(dataDir, "postmaster.pid");
    writeFileSync(stalePid, `${process.pid}\n${dataDir}\n0\n${postmaster.port}\n`);

    const second = await startDatabase({ ...quiet, durable: true, dataDir });
    expect(second.source).toBe("started");
    expect(await query(second.url, "select id from survived")).toEqual([{ id: 42 }]);
    await second.stop();
    await first.stop(); // the crashed server's handle: nothing left to stop
    expect(findProcessesMentioning(dataDir)).toEqual([]);
  });
});

// Postgres restarted under a running batch: the worker loses every connection mid-item, gets
// them back when the server returns, and the batch still ends with one conversation per item.
// The server is a cluster of this test's own (the shared test server cannot be restarted
// without breaking the other test files), kept on disk and started again on the same port.
import { rmSync } from "node:fs";
import { join } from "node:path";
import {
  createDb,
  type Database,
  type DatabaseHandle,
  findRepoRoot,
  prepareDatabase,
  startDatabase,
} from "@parley/db";
import { createBatch, openQueue, type Queue } from "@parley/queue";
import { afterAll, describe, expect, it } from "vitest";
import { expectOneLiveConversationPerItem } from "./test-support/batch-assertions.ts";
import { isFinished, waitForBatch } from "./test-support/batch-observer.ts";
import { type RunningWorker, startWorker } from "./worker.ts";

const dataDir = join(findRepoRoot(), ".data", `test-postgres-restart-${process.pid}`);
const clusterOptions = { dataDir, durable: false, databaseName: "parley", log: () => {} };

let server: DatabaseHandle | undefined;
let db: Database | undefined;
let queue: Queue | undefined;
let worker: RunningWorker | undefined;

afterAll(async () => {
  await worker?.stop().catch(() => {});
  await queue?.stop({ graceful: false }).catch(() => {});
  await db?.destroy().catch(() => {});
  await server?.stop();
  // The first cluster is kept on disk for the restart; if the test failed before the second
  // (ephemeral) start, nothing else removes it.
  for (const path of [
    dataDir,
    ...["-cluster.json", "-server.json", ".lock", ".log"].map((s) => dataDir + s),
  ]) {
    rmSync(path, { recursive: true, force: true });
  }
});

describe("a batch running while Postgres restarts", () => {
  it("carries on once the server is back and completes with one conversation per item", async () => {
    const first = await prepareDatabase({ ...clusterOptions, databaseUrl: undefined });
    server = first;
    const workspaceId = first.defaultWorkspaceId as string;
    db = createDb(first.url, { applicationName: "parley-test" });
    queue = await openQueue({ databaseUrl: first.url, role: "producer" });
    const errors: string[] = [];
    worker = await startWorker({
      databaseUrl: first.url,
      log: (message) => errors.push(message),
      env: { PARLEY_SIM_LATENCY_MS: "40", PARLEY_SIM_SEED: "23" },
    });

    const batch = await createBatch(db, queue, {
      workspaceId,
      input: { count: 40, concurrency: 4, seed: 13 },
      simulated: true,
    });
    const ref = { workspaceId, batchId: batch.id };
    await waitForBatch(db, ref, (b) => b.succeededItems >= 10 && b.processingItems > 0);

    // Down for a few seconds, items in flight; then the same cluster, same port, same URL.
    await first.stop();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const second = await startDatabase({
      ...clusterOptions,
      databaseUrl: undefined,
      ephemeral: true,
    });
    server = second;
    expect(second.url).toBe(first.url);

    const done = await waitForBatch(db, ref, isFinished, 120_000);
    expect(done.status).toBe("completed");
    expect(done.succeededItems).toBe(40);
    await expectOneLiveConversationPerItem(db, ref, 40);
    // The outage was seen (and survived), not missed.
    expect(errors.some((message) => /terminat|ECONNREFUSED|connect/i.test(message))).toBe(true);
  }, 150_000);
});

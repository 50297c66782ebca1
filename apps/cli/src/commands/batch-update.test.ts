// `parley batch update` on a running batch, as an operator runs it (a child process on the real
// Postgres): the new ceiling takes effect on the items still to start, and bad input is refused
// with the reason while nothing changes.
import { ensureDefaultWorkspace, findBatch } from "@parley/db";
import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { type RunningWorker, startWorker } from "@parley/jobs";
import { createBatch, openQueue, pauseBatch, type Queue } from "@parley/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runParley } from "../test-support/run-parley.ts";

let database: TestDatabase;
let queue: Queue;
let worker: RunningWorker;
let workspaceId: string;

const parley = (args: string[]) => runParley(args, { databaseUrl: database.url });

beforeAll(async () => {
  database = await createTestDatabase({ maxConnections: 10 });
  workspaceId = (await ensureDefaultWorkspace(database.db)).workspace.id;
  queue = await openQueue({ databaseUrl: database.url, role: "producer" });
  worker = await startWorker({
    databaseUrl: database.url,
    log: () => {},
    env: { PARLEY_SIM_LATENCY_MS: "600", PARLEY_SIM_SEED: "5", PARLEY_WORKER_CONCURRENCY: "2" },
  });
});

afterAll(async () => {
  await worker?.stop();
  await queue?.stop({ graceful: false });
  await database?.destroy();
});

async function sample(batchId: string) {
  const batch = await findBatch(database.db, { workspaceId, batchId });
  if (!batch) throw new Error("batch vanished");
  return batch;
}

describe("parley batch update", () => {
  it("lowers a running automatic batch to one item at a time, and refuses bad input", async () => {
    const batch = await createBatch(database.db, queue, {
      workspaceId,
      input: { count: 40, seed: 9 },
      simulated: true,
    });
    // Automatic: several items run at once.
    let widest = 0;
    for (let current = await sample(batch.id); current.succeededItems < 2; ) {
      widest = Math.max(widest, current.processingItems);
      await new Promise((resolve) => setTimeout(resolve, 30));
      current = await sample(batch.id);
    }
    expect(widest).toBeGreaterThan(1);

    const updated = await parley(["batch", "update", batch.id, "--concurrency", "1", "--json"]);
    expect(updated.code).toBe(0);
    expect(JSON.parse(updated.stdout)).toMatchObject({ concurrency: 1 });

    // Items already in flight finish; from then on no more than one runs at a time.
    let current = await sample(batch.id);
    while (current.processingItems > 1) current = await sample(batch.id);
    let after = 0;
    while (current.status !== "completed") {
      after = Math.max(after, current.processingItems);
      await new Promise((resolve) => setTimeout(resolve, 30));
      current = await sample(batch.id);
    }
    expect(after).toBe(1);
    expect(current.succeededItems).toBe(40);

    const finished = await parley(["batch", "update", batch.id, "--budget", "5"]);
    expect(finished.code).toBe(2);
    expect(finished.stderr).toMatch(/This batch is completed; only a queued, running or paused/);
    expect((await sample(batch.id)).budgetCapUsd).toBeNull();
  });

  it("refuses a concurrency of 0 and a budget cap below what was spent, changing nothing", async () => {
    const batch = await createBatch(database.db, queue, {
      workspaceId,
      input: { count: 40, seed: 4, concurrency: 2, budgetUsd: 50 },
      simulated: true,
    });
    let current = await sample(batch.id);
    while (current.actualCostUsd <= 0) current = await sample(batch.id);
    // Paused with money spent, so the batch cannot finish while each CLI process starts (seconds
    // on a busy machine): a paused batch's settings can still be changed, and are checked.
    await pauseBatch(database.db, queue, { workspaceId, batchId: batch.id });
    const zero = await parley(["batch", "update", batch.id, "--concurrency", "0"]);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/Concurrency must be at least 1/);
    const refused = await parley(["batch", "update", batch.id, "--budget", "0.000001"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is below the \$\d+\.\d{2} this batch has already spent/);
    const unchanged = await sample(batch.id);
    expect(unchanged.budgetCapUsd).toBe(50);
    expect(unchanged.concurrency).toBe(2);
    await parley(["batch", "cancel", batch.id]);
  });
});

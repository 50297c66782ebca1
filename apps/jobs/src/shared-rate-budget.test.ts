// Several workers against one simulated organisation: they share one rate budget through
// Postgres, so together they stay under its limits (the simulator's own counters say so), and a
// worker started mid-run joins in. Each worker here has its own database pool, pg-boss, rate
// limiter and lease holder, exactly as a separate process would; only Postgres and the
// simulator are shared.
import { createBatch } from "@parley/queue";
import { type RunningSimulator, startSimulator } from "@parley/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectOneLiveConversationPerItem } from "./test-support/batch-assertions.ts";
import { type BatchHarness, openBatchHarness } from "./test-support/batch-harness.ts";
import { isFinished, waitForBatch } from "./test-support/batch-observer.ts";
import { type RunningWorker, startWorker } from "./worker.ts";

/** Tight enough to bind: 66 items need 66 requests, 6 more than a full bucket holds. */
const RPM = 60;
const ITEMS = 66;

let harness: BatchHarness;
let simulator: RunningSimulator;
const workers: RunningWorker[] = [];

beforeAll(async () => {
  harness = await openBatchHarness();
  simulator = await startSimulator({
    requestsPerMinute: RPM,
    inputTokensPerMinute: 5_000_000,
    outputTokensPerMinute: 5_000_000,
    latencyMs: 300,
    seed: 17,
  });
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await simulator?.close();
  await harness?.close();
});

function worker(): Promise<RunningWorker> {
  return startWorker({
    databaseUrl: harness.database.url,
    log: () => {},
    env: { ANTHROPIC_BASE_URL: simulator.url, PARLEY_WORKER_CONCURRENCY: "4" },
  }).then((started) => {
    workers.push(started);
    return started;
  });
}

describe("workers sharing one simulated organisation", () => {
  it("stay under its limits together, and a third started mid-run takes part", async () => {
    const { database, queue, workspaceId } = harness;
    await worker();
    await worker();
    const batch = await createBatch(database.db, queue, {
      workspaceId,
      input: { count: ITEMS, seed: 23 },
      simulated: true,
    });
    const ref = { workspaceId, batchId: batch.id };
    await waitForBatch(database.db, ref, (b) => b.succeededItems >= 20);
    const third = await worker();

    const done = await waitForBatch(database.db, ref, isFinished);
    expect(done.status).toBe("completed");
    expect(done.succeededItems).toBe(ITEMS);
    await expectOneLiveConversationPerItem(database.db, ref, ITEMS);
    expect(third.itemsRun()).toBeGreaterThan(0);

    const stats = simulator.stats;
    // Not one call refused by the organisation's limits, so not one retried: one call per item.
    expect(stats.rateLimited).toBe(0);
    expect(stats.messages).toBe(ITEMS);
    // The limits are token buckets, like the provider's: a full bucket plus a minute of refill
    // is the most any 60 seconds may carry, and the workers together stayed within it.
    expect(stats.maxPerMinute.requests).toBeLessThanOrEqual(2 * RPM);
  });
});

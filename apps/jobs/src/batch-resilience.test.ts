// 100-item batches under trouble: an unreliable provider (rate limits, overloads, server errors,
// malformed answers), and a worker process killed with SIGKILL mid-run and started again.
// Either way the batch ends with exactly one live conversation per item and exact counters.
import type { ChildProcess } from "node:child_process";
import { createBatch } from "@parley/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectOneLiveConversationPerItem } from "./test-support/batch-assertions.ts";
import { type BatchHarness, openBatchHarness } from "./test-support/batch-harness.ts";
import { isFinished, waitForBatch } from "./test-support/batch-observer.ts";
import { kill, spawnCli, spawnCliWorker } from "./test-support/cli-process.ts";
import { startWorker } from "./worker.ts";

const FAULTS = "429=0.2,529=0.05,500=0.05,malformed=0.02";

let harness: BatchHarness;

beforeAll(async () => {
  harness = await openBatchHarness();
});

afterAll(() => harness?.close());

describe("a 100-item batch against a faulty provider", () => {
  it("completes with one live conversation per item", async () => {
    const { database, queue, workspaceId } = harness;
    const worker = await startWorker({
      databaseUrl: database.url,
      log: () => {},
      env: { PARLEY_SIM_LATENCY_MS: "20", PARLEY_SIM_SEED: "11", PARLEY_SIM_FAULTS: FAULTS },
    });
    try {
      const batch = await createBatch(database.db, queue, {
        workspaceId,
        input: { count: 100, concurrency: 5, seed: 5 },
        simulated: true,
      });
      const ref = { workspaceId, batchId: batch.id };
      const done = await waitForBatch(database.db, ref, isFinished);
      expect(done.status).toBe("completed");
      expect(done.succeededItems).toBe(100);
      expect(done.failedItems).toBe(0);
      await expectOneLiveConversationPerItem(database.db, ref, 100);
    } finally {
      await worker.stop();
    }
  });
});

/** `parley worker` on the test database, with a faulty simulator of its own. */
function spawnFaultyWorker(): Promise<ChildProcess> {
  return spawnCliWorker(harness.database.url, {
    PARLEY_SIM_LATENCY_MS: "40",
    PARLEY_SIM_FAULTS: FAULTS,
    PARLEY_WORKER_CONCURRENCY: "5",
  });
}

/** `parley batch watch`: every progress line it printed, and its exit code. */
function watchBatch(batchId: string) {
  const child = spawnCli(harness.database.url, ["batch", "watch", batchId]);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const finished = new Promise<{ lines: string[]; code: number | null }>((resolve) => {
    child.once("exit", (code) => resolve({ lines: output.split("\n").filter(Boolean), code }));
  });
  return { child, finished };
}

describe("a 100-item batch whose worker is killed three times", () => {
  it("ends completed with exactly one live conversation per item and exact counters", async () => {
    const { database, queue, workspaceId } = harness;
    let worker = await spawnFaultyWorker();
    let watcher: ChildProcess | undefined;
    try {
      const batch = await createBatch(database.db, queue, {
        workspaceId,
        input: { count: 100, concurrency: 5, seed: 9 },
        simulated: true,
      });
      const ref = { workspaceId, batchId: batch.id };
      const watching = watchBatch(batch.id);
      watcher = watching.child;
      const inFlightAtKill: number[] = [];
      for (const succeeded of [15, 40, 65]) {
        const running = await waitForBatch(
          database.db,
          ref,
          (b) => b.succeededItems >= succeeded && b.processingItems > 0,
        );
        await kill(worker);
        inFlightAtKill.push(running.processingItems);
        worker = await spawnFaultyWorker();
      }
      // Every kill left items mid-generation for the next worker to take over.
      expect(inFlightAtKill.every((count) => count > 0)).toBe(true);

      const done = await waitForBatch(database.db, ref, isFinished);
      expect(done.status).toBe("completed");
      expect(done.succeededItems).toBe(100);
      expect(done.processingItems).toBe(0);
      await expectOneLiveConversationPerItem(database.db, ref, 100);

      // `batch watch` followed the whole run: a bar with ETA and cost while it ran, then the end.
      const watched = await watching.finished;
      expect(watched.code).toBe(0);
      const running = watched.lines.filter((line) => line.includes("processing"));
      expect(running.length).toBeGreaterThan(2);
      expect(
        running.some((line) => /█+░*\s+\d+%.*ETA \d+(s|m\d\ds).*\$\d+\.\d{4}/.test(line)),
      ).toBe(true);
      expect(watched.lines.at(-1)).toMatch(/100%\s+100\/100\s+✓100 ✗0.*took .*completed/);
    } finally {
      await kill(worker);
      if (watcher) await kill(watcher);
    }
  }, 150_000);
});

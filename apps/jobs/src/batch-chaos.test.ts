// The small chaos case of issue #13 (the full one is bench/chaos.ts): two `parley worker`
// processes share one faulty simulated provider, and one of them, then the other, is killed with
// SIGKILL mid-batch and replaced. The batch still ends with one conversation per item, exact
// counters, every logged provider answer accounted to its item's conversation, and no item
// answered twice.
import type { ChildProcess } from "node:child_process";
import { createBatch } from "@parley/queue";
import { parseFaultRates, type RunningSimulator, startSimulator } from "@parley/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectOneLiveConversationPerItem } from "./test-support/batch-assertions.ts";
import { type BatchHarness, openBatchHarness } from "./test-support/batch-harness.ts";
import { isFinished, waitForBatch } from "./test-support/batch-observer.ts";
import { kill, spawnCliWorker } from "./test-support/cli-process.ts";

// 30 items: after the last kill (at 16 done) enough remain that a poll finds items in flight
// even when the surviving worker races ahead on a busy machine.
const ITEMS = 30;

let harness: BatchHarness;
let simulator: RunningSimulator;

beforeAll(async () => {
  harness = await openBatchHarness();
  simulator = await startSimulator({
    latencyMs: 150,
    seed: 31,
    faults: parseFaultRates("429=0.2,529=0.05,500=0.05,malformed=0.02"),
  });
});

afterAll(async () => {
  await simulator?.close();
  await harness?.close();
});

const spawnWorker = () =>
  spawnCliWorker(harness.database.url, {
    ANTHROPIC_BASE_URL: simulator.url,
    PARLEY_WORKER_CONCURRENCY: "3",
  });

describe("two worker processes sharing a faulty provider, killed in turn", () => {
  it("completes with one live conversation per item and exact counters", async () => {
    const { database, queue, workspaceId } = harness;
    const workers: ChildProcess[] = await Promise.all([spawnWorker(), spawnWorker()]);
    try {
      const batch = await createBatch(database.db, queue, {
        workspaceId,
        input: { count: ITEMS, concurrency: 6, seed: 17 },
        simulated: true,
      });
      const ref = { workspaceId, batchId: batch.id };
      // Kills are triggered by progress, not by time, so a slow machine changes nothing.
      const inFlightAtKill: number[] = [];
      for (const [index, succeeded] of [4, 10, 16].entries()) {
        const running = await waitForBatch(
          database.db,
          ref,
          (b) => b.succeededItems >= succeeded && b.processingItems > 0,
        );
        const victim = index % 2;
        await kill(workers[victim] as ChildProcess);
        inFlightAtKill.push(running.processingItems);
        workers[victim] = await spawnWorker();
      }
      expect(inFlightAtKill.every((count) => count > 0)).toBe(true);

      const done = await waitForBatch(database.db, ref, isFinished, 120_000);
      expect(done.status).toBe("completed");
      expect(done.succeededItems).toBe(ITEMS);
      expect(done.failedItems).toBe(0);
      await expectOneLiveConversationPerItem(database.db, ref, ITEMS);
      // Every answer the provider billed and a worker logged is accounted to its item's one
      // live conversation, and no item was answered twice: an answer logged by a worker killed
      // before it stored the conversation is stored by the next one, not asked for again. (A
      // kill during the call itself loses an answer the provider billed but nobody logged;
      // bench/chaos.ts counts those against the simulator's own tally.)
      const calls = await database.db
        .selectFrom("generation_logs")
        .select(["batchItemId", "conversationId"])
        .where("batchId", "=", batch.id)
        .where("purpose", "=", "generation")
        .where("status", "=", "succeeded")
        .execute();
      const live = await database.db
        .selectFrom("conversations")
        .select(["id", "batchItemId"])
        .where("batchId", "=", batch.id)
        .where("status", "<>", "archived")
        .execute();
      const conversationOfItem = new Map(live.map((c) => [c.batchItemId, c.id]));
      expect(
        calls.filter((call) => call.conversationId !== conversationOfItem.get(call.batchItemId)),
      ).toEqual([]);
      expect(new Set(calls.map((call) => call.conversationId)).size).toBe(ITEMS);
      expect(new Set(calls.map((call) => call.batchItemId)).size).toBe(ITEMS);
      expect(calls).toHaveLength(ITEMS);
    } finally {
      await Promise.all(workers.map(kill));
    }
  }, 150_000);
});

// A worker killed while it holds a Message Batches submission or poll job: another worker picks
// both up within tens of seconds of the last heartbeat, not at the jobs' 10-minute expiry, and the
// batch completes with each item submitted once.
import { createAnthropicProvider } from "@parley/generation";
import { createBatch } from "@parley/queue";
import { type RunningSimulator, startSimulator } from "@parley/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleSubmitMessageBatch } from "./handlers/submit-message-batch.ts";
import { expectOneLiveConversationPerItem } from "./test-support/batch-assertions.ts";
import { type BatchHarness, openBatchHarness } from "./test-support/batch-harness.ts";
import { isFinished, waitFor, waitForBatch } from "./test-support/batch-observer.ts";
import { handlerJob, messageBatchDeps } from "./test-support/handler-jobs.ts";
import { type RunningWorker, startWorker } from "./worker.ts";

let harness: BatchHarness;
let simulator: RunningSimulator;
let worker: RunningWorker | undefined;

beforeAll(async () => {
  harness = await openBatchHarness();
  simulator = await startSimulator({ seed: 41, batchDelayMs: 300 });
});
afterAll(async () => {
  await worker?.stop();
  await harness?.close();
  await simulator?.close();
});

describe("a worker killed holding a Message Batches submission and its poll", () => {
  it("has both picked up by another worker within tens of seconds", async () => {
    const { database, queue, workspaceId } = harness;
    const provider = createAnthropicProvider({ baseURL: simulator.url, simulated: true });
    const batch = await createBatch(database.db, queue, {
      workspaceId,
      input: { count: 3, seed: 8, mode: "message_batches" },
      simulated: true,
    });
    const ref = { workspaceId, batchId: batch.id };

    // The dying worker claims the submission, submits, schedules the poll and claims that too;
    // then it is gone (SIGKILL): neither job is ever completed, failed or heartbeated again.
    const [submit] = await queue.boss.fetch("message-batches.submit");
    if (!submit) throw new Error("no submission job was queued");
    await handleSubmitMessageBatch(
      messageBatchDeps(harness, provider),
      handlerJob(submit.data as Record<string, unknown>),
    );
    const poll = await waitFor(
      "the poll job to be due",
      async () => (await queue.boss.fetch("message-batches.poll"))[0],
      (job) => job !== undefined,
      10_000,
    );
    if (!poll) throw new Error("no poll job was scheduled");

    const killedAt = Date.now();
    worker = await startWorker({
      databaseUrl: database.url,
      log: () => {},
      env: {
        ANTHROPIC_API_KEY: "sk-ant-test",
        ANTHROPIC_BASE_URL: simulator.url,
        PARLEY_MESSAGE_BATCH_POLL_SECONDS: "1",
      },
    });
    // Without a heartbeat on these queues the poll stays "active" for 10 minutes.
    const done = await waitForBatch(database.db, ref, isFinished, 45_000);
    expect(done.status).toBe("completed");
    expect(done.succeededItems).toBe(3);
    expect(Date.now() - killedAt).toBeLessThan(45_000);
    await expectOneLiveConversationPerItem(database.db, ref, 3);
    // The submission the dead worker made was the only one: nothing was sent twice.
    expect(simulator.stats.batches.created).toBe(1);
    const held = await Promise.all([
      queue.boss.getJobById("message-batches.submit", submit.id),
      queue.boss.getJobById("message-batches.poll", poll.id),
    ]);
    expect(held.map((job) => job?.state)).not.toContain("active");
  }, 60_000);
});

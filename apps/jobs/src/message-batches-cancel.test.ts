// A user's cancel in Message Batches mode reaches the provider within seconds, not at the next
// poll: the poll interval here is longer than the simulated batches take, so only the cancel
// job can have cancelled them. The poll chain (one per submission) still collects the results.
// Real worker, simulated Message Batches API, real Postgres.

import { findBatch, listProviderBatches } from "@parley/db";
import { cancelBatch, createBatch } from "@parley/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectOneLiveConversationPerItem } from "./test-support/batch-assertions.ts";
import { type BatchHarness, openBatchHarness } from "./test-support/batch-harness.ts";
import { waitFor, waitForBatch } from "./test-support/batch-observer.ts";
import { simulatedBatch } from "./test-support/simulated-batch-view.ts";

const POLL_SECONDS = 15;
const CHUNK = 5;

let harness: BatchHarness;

const atSimulator = (providerBatchId: string) =>
  simulatedBatch(harness.simulatorUrl, providerBatchId);

beforeAll(async () => {
  harness = await openBatchHarness({
    simulatorEnv: {
      PARLEY_SIM_SEED: "11",
      // Each submission's requests are worked through over 10 s, one every 2 s.
      PARLEY_SIM_BATCH_DELAY_MS: "10000",
      PARLEY_MESSAGE_BATCH_MAX_REQUESTS: String(CHUNK),
      PARLEY_MESSAGE_BATCH_POLL_SECONDS: String(POLL_SECONDS),
    },
  });
});

afterAll(async () => {
  await harness?.close();
});

describe("cancelling a batch in Message Batches mode", () => {
  it("cancels every running submission at the provider within seconds, well before the next poll", async () => {
    const { database, queue, workspaceId } = harness;
    const batch = await createBatch(database.db, queue, {
      workspaceId,
      input: { count: 10, seed: 5, mode: "message_batches" },
      simulated: true,
    });
    const ref = { workspaceId, batchId: batch.id };
    const submitted = await waitFor(
      "both submissions",
      () => listProviderBatches(database.db, ref),
      (submissions) =>
        submissions.length === 2 && submissions.every((s) => s.status === "in_progress"),
      20_000,
    );
    // Let a request or two of each submission finish first, so something is kept.
    await new Promise((resolve) => setTimeout(resolve, 2_500));

    const cancelledAt = Date.now();
    await cancelBatch(database.db, queue, ref);
    const remoteIds = submitted.map((s) => s.providerBatchId ?? "");
    const remote = await waitFor(
      "the provider to have the cancel",
      () => Promise.all(remoteIds.map(atSimulator)),
      (batches) => batches.every((b) => b.cancel_initiated_at !== null),
      POLL_SECONDS * 1000,
    );
    const cancelMs = Date.now() - cancelledAt;
    expect(remote.every((b) => ["canceling", "ended"].includes(b.processing_status))).toBe(true);
    expect(cancelMs).toBeLessThan(3_000);
    // Recorded as canceling (never as ended: that is the poll's, once it has the results).
    const recorded = await listProviderBatches(database.db, ref);
    expect(recorded.map((s) => s.status)).toEqual(["canceling", "canceling"]);
    // No poll has run yet: the first one is still scheduled, POLL_SECONDS after its submission.
    const polls = await queue.boss.findJobs("message-batches.poll", {
      data: { batchId: batch.id },
    });
    expect(polls.map((job) => job.state)).toEqual(["created", "created"]);
    console.info(`provider cancel ${cancelMs} ms after cancelBatch`);

    // The existing poll chain collects the results: what finished is kept, the rest cancelled.
    // (The batch itself is cancelled from the start; its items end as the results are applied.)
    const submissions = await waitFor(
      "the poll to collect both submissions",
      () => listProviderBatches(database.db, ref),
      (found) => found.every((s) => s.status === "ended"),
      (POLL_SECONDS + 15) * 1000,
    );
    const done = await waitForBatch(database.db, ref, (b) => b.processingItems === 0, 5_000);
    expect(submissions.every((s) => s.canceledCount > 0)).toBe(true);
    expect(done.status).toBe("cancelled");
    expect(done.queuedItems).toBe(0);
    expect(done.processingItems).toBe(0);
    expect(done.cancelledItems).toBeGreaterThan(0);
    expect(done.succeededItems).toBeGreaterThan(0);
    expect(done.succeededItems + done.cancelledItems + done.failedItems).toBe(10);
    await expectOneLiveConversationPerItem(database.db, ref, done.succeededItems);

    // Billed: the requests that succeeded, each once; the canceled ones cost nothing.
    const logs = await database.db
      .selectFrom("generation_logs")
      .select(["status", "errorCode", "costUsd"])
      .where("batchId", "=", batch.id)
      .execute();
    const succeeded = logs.filter((log) => log.status === "succeeded");
    expect(succeeded).toHaveLength(done.succeededItems);
    expect(logs.filter((log) => log.errorCode === "canceled")).toHaveLength(done.cancelledItems);
    const final = await findBatch(database.db, ref);
    const billed = logs.reduce((sum, log) => sum + Number(log.costUsd), 0);
    expect(final?.actualCostUsd).toBeCloseTo(billed, 6);
    const conversations = await database.db
      .selectFrom("conversations")
      .select("costUsd")
      .where("batchId", "=", batch.id)
      .execute();
    const conversationCost = conversations.reduce((sum, c) => sum + Number(c.costUsd), 0);
    expect(conversationCost).toBeCloseTo(billed, 6);

    // One poll per submission: the cancel started no second chain.
    const allPolls = await queue.boss.findJobs("message-batches.poll", {
      data: { batchId: batch.id },
    });
    expect(allPolls.map((job) => job.state)).toEqual(["completed", "completed"]);
  });
});

// Message Batches mode the way production runs it: a batch created through the queue package,
// submitted in chunks and polled by a real worker against the simulated Message Batches API
// (with injected errors, expiries and malformed output), on a real Postgres.

import { findBatch, listProviderBatches } from "@parley/db";
import { computeCostUsd } from "@parley/generation";
import { cancelBatch, createBatch, previewBatch } from "@parley/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectOneLiveConversationPerItem } from "./test-support/batch-assertions.ts";
import { type BatchHarness, openBatchHarness } from "./test-support/batch-harness.ts";
import { isFinished, waitFor, waitForBatch } from "./test-support/batch-observer.ts";

const CHUNK = 20;

let harness: BatchHarness;
let database: BatchHarness["database"];
let queue: BatchHarness["queue"];
let workspaceId: string;

const finishedBatch = (batchId: string) =>
  waitForBatch(database.db, { workspaceId, batchId }, isFinished, 45_000);

async function liveConversations(batchId: string) {
  return database.db
    .selectFrom("conversations")
    .select(["batchItemId", "costUsd", "status"])
    .where("batchId", "=", batchId)
    .where("status", "<>", "archived")
    .execute();
}

async function generationLogs(batchId: string) {
  return database.db
    .selectFrom("generation_logs")
    .selectAll()
    .where("batchId", "=", batchId)
    .execute();
}

beforeAll(async () => {
  harness = await openBatchHarness({
    simulatorEnv: {
      PARLEY_SIM_SEED: "7",
      PARLEY_SIM_BATCH_DELAY_MS: "3000",
      // Requests that error, expire or come back malformed are resubmitted.
      PARLEY_SIM_FAULTS: "429=0.08,timeout=0.04,malformed=0.04",
      PARLEY_MESSAGE_BATCH_MAX_REQUESTS: String(CHUNK),
      PARLEY_MESSAGE_BATCH_POLL_SECONDS: "1",
      PARLEY_MESSAGE_BATCH_MAX_ATTEMPTS: "10",
    },
  });
  ({ database, queue, workspaceId } = harness);
});

afterAll(async () => {
  await harness?.close();
});

describe("a 50-conversation batch in Message Batches mode", () => {
  let batchId: string;

  it("completes with one conversation per item at half the realtime price", async () => {
    const batch = await createBatch(database.db, queue, {
      workspaceId,
      input: { count: 50, seed: 42, mode: "message_batches" },
      simulated: true,
    });
    batchId = batch.id;
    expect(batch.providerMode).toBe("message_batches");
    // One submission job for the batch, not one job per item.
    expect(await queue.boss.findJobs("generation.item", { data: { batchId } })).toHaveLength(0);
    expect(await queue.boss.findJobs("message-batches.submit", { data: { batchId } })).toHaveLength(
      1,
    );

    const done = await finishedBatch(batchId);
    expect(done.status).toBe("completed");
    expect(done.succeededItems).toBe(50);
    expect(done.failedItems).toBe(0);

    await expectOneLiveConversationPerItem(database.db, { workspaceId, batchId }, 50);
    const conversations = await liveConversations(batchId);

    // Submitted in chunks of CHUNK; the failed requests went out again in later submissions.
    const submissions = await listProviderBatches(database.db, { workspaceId, batchId });
    expect(submissions.every((s) => s.status === "ended" && s.providerBatchId)).toBe(true);
    expect(submissions.every((s) => s.requestCount <= CHUNK)).toBe(true);
    expect(submissions.slice(0, 3).map((s) => s.requestCount)).toEqual([20, 20, 10]);
    expect(submissions.length).toBeGreaterThan(3);

    // Every result is logged: one success per item, and the failures that were resubmitted.
    const logs = await generationLogs(batchId);
    const succeeded = logs.filter((log) => log.status === "succeeded");
    expect(succeeded).toHaveLength(50);
    expect(new Set(succeeded.map((log) => log.batchItemId)).size).toBe(50);
    const failures = new Set(logs.filter((l) => l.status === "failed").map((l) => l.errorCode));
    expect(failures.size).toBeGreaterThan(0);
    expect(
      [...failures].every((code) =>
        ["rate_limited", "expired", "malformed_output"].includes(code ?? ""),
      ),
    ).toBe(true);

    // The batch's cost is what its logged usage costs at the realtime price, halved.
    const realtimeCost = logs.reduce(
      (sum, log) =>
        sum +
        computeCostUsd(log.model, {
          inputTokens: log.inputTokens,
          outputTokens: log.outputTokens,
          cacheCreationInputTokens: log.cacheCreationTokens,
          cacheReadInputTokens: log.cacheReadTokens,
        }),
      0,
    );
    expect(realtimeCost).toBeGreaterThan(0);
    expect(done.actualCostUsd).toBeCloseTo(realtimeCost / 2, 4);
    const conversationCost = conversations.reduce((sum, c) => sum + Number(c.costUsd), 0);
    expect(conversationCost).toBeLessThanOrEqual(done.actualCostUsd + 1e-6);
  });

  it("never stores a result twice when a poll job runs again, even twice at once", async () => {
    const [first] = await listProviderBatches(database.db, { workspaceId, batchId });
    if (!first) throw new Error("no provider batch");
    const before = {
      logs: (await generationLogs(batchId)).length,
      cost: (await findBatch(database.db, { workspaceId, batchId }))?.actualCostUsd,
    };
    // As if the worker had died after applying the results but before recording the end.
    await database.db
      .updateTable("provider_batches")
      .set({ status: "in_progress" })
      .where("id", "=", first.id)
      .execute();
    const payload = { workspaceId, batchId, providerBatchId: first.id };
    const jobIds = await Promise.all([
      queue.send("message-batches.poll", payload),
      queue.send("message-batches.poll", payload),
    ]);
    await waitFor(
      "both poll jobs to complete",
      () =>
        Promise.all(
          jobIds.map((id) => queue.boss.findJobs("message-batches.poll", { id: id ?? "" })),
        ),
      (found) => found.every(([job]) => job?.state === "completed"),
    );

    await expectOneLiveConversationPerItem(database.db, { workspaceId, batchId }, 50);
    expect((await generationLogs(batchId)).length).toBe(before.logs);
    const after = await findBatch(database.db, { workspaceId, batchId });
    expect(after?.actualCostUsd).toBe(before.cost);
    expect(after?.status).toBe("completed");
  });
});

describe("cancelling a batch in Message Batches mode", () => {
  it("cancels the provider batch and ends every item, keeping what already succeeded", async () => {
    const batch = await createBatch(database.db, queue, {
      workspaceId,
      input: { count: 10, seed: 5, mode: "message_batches" },
      simulated: true,
    });
    const ref = { workspaceId, batchId: batch.id };
    await waitFor(
      "the submission",
      () => listProviderBatches(database.db, ref),
      (submissions) => submissions.some((s) => s.status === "in_progress"),
    );
    await cancelBatch(database.db, queue, ref);

    const [submission] = await waitFor(
      "the provider batch to end",
      () => listProviderBatches(database.db, ref),
      (submissions) => submissions.length > 0 && submissions.every((s) => s.status === "ended"),
    );
    expect(submission?.canceledCount).toBeGreaterThan(0);

    const cancelled = await findBatch(database.db, ref);
    expect(cancelled?.status).toBe("cancelled");
    expect(cancelled?.queuedItems).toBe(0);
    expect(cancelled?.processingItems).toBe(0);
    expect(cancelled?.cancelledItems).toBeGreaterThan(0);
    expect(
      (cancelled?.succeededItems ?? 0) +
        (cancelled?.cancelledItems ?? 0) +
        (cancelled?.failedItems ?? 0),
    ).toBe(10);
    await expectOneLiveConversationPerItem(database.db, ref, cancelled?.succeededItems ?? -1);
  });
});

describe("a budget cap in Message Batches mode", () => {
  it("submits only what the cap allows, then pauses the batch with the reason", async () => {
    const input = { count: 20, seed: 9, mode: "message_batches" as const };
    const { estimate } = await previewBatch(database.db, { workspaceId, input, simulated: true });
    const perItem = estimate.total.upperBoundCostUsd / 20;
    const batch = await createBatch(database.db, queue, {
      workspaceId,
      input: { ...input, budgetUsd: perItem * 4.5 },
      simulated: true,
    });
    const ref = { workspaceId, batchId: batch.id };
    const paused = await waitFor(
      "the batch to pause with nothing in flight",
      () => findBatch(database.db, ref),
      (found) => found?.status === "paused" && found.processingItems === 0,
    );
    expect(paused?.pauseReason).toMatch(/^Budget cap of \$/);
    const [first] = await listProviderBatches(database.db, ref);
    expect(first?.requestCount).toBe(4);
    expect((paused?.succeededItems ?? 0) + (paused?.queuedItems ?? 0)).toBe(20);
    expect(paused?.queuedItems).toBeGreaterThanOrEqual(16);
    expect(paused?.actualCostUsd).toBeLessThanOrEqual(perItem * 4.5);
    await expectOneLiveConversationPerItem(database.db, ref, paused?.succeededItems ?? -1);
  });
});

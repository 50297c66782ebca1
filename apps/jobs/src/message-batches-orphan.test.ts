// A submission the provider accepted just before its worker died, never recorded: the next worker
// finds it in the provider's batch list, collects its results, and never submits (or pays for)
// its items a second time.
import { createProviderBatch, findBatch, listBatchItems, listProviderBatches } from "@parley/db";
import { createAnthropicProvider } from "@parley/generation";
import { createBatch } from "@parley/queue";
import { type RunningSimulator, startSimulator } from "@parley/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { itemRequestOptions } from "./handlers/batch-generation-config.ts";
import { buildItemRequest } from "./handlers/item-request.ts";
import { expectOneLiveConversationPerItem } from "./test-support/batch-assertions.ts";
import { type BatchHarness, openBatchHarness } from "./test-support/batch-harness.ts";
import { isFinished, waitFor, waitForBatch } from "./test-support/batch-observer.ts";
import { type RunningWorker, startWorker } from "./worker.ts";

let harness: BatchHarness;
let simulator: RunningSimulator;
let worker: RunningWorker | undefined;

beforeAll(async () => {
  // One simulated provider for the worker that dies and the one that starts after it.
  harness = await openBatchHarness();
  simulator = await startSimulator({ seed: 29, batchDelayMs: 300 });
});
afterAll(async () => {
  await worker?.stop();
  await harness?.close();
  await simulator?.close();
});

describe("a Message Batch accepted just before its worker died, never recorded", () => {
  it("is found on the next worker's start and its results stored, with nothing submitted twice", async () => {
    const { database, queue, workspaceId } = harness;
    const provider = createAnthropicProvider({ baseURL: simulator.url, simulated: true });
    const batch = await createBatch(database.db, queue, {
      workspaceId,
      input: { count: 3, seed: 12, mode: "message_batches" },
      simulated: true,
    });
    const ref = { workspaceId, batchId: batch.id };

    // What the dying worker's submit job got through: the submission recorded with its items
    // claimed, its poll scheduled, and the provider's acceptance, but not the provider's id.
    const items = await listBatchItems(database.db, ref);
    const { providerBatch } = await createProviderBatch(database.db, {
      ...ref,
      requests: items.map((item) => ({ itemId: item.id, customId: item.id })),
    });
    await queue.send("message-batches.poll", { ...ref, providerBatchId: providerBatch.id });
    const stored = await findBatch(database.db, ref);
    if (!stored) throw new Error("the batch is gone");
    const requests = await Promise.all(
      items.map(async (item) => ({
        customId: item.id,
        request: (await buildItemRequest(database.db, item, itemRequestOptions(stored))).request,
      })),
    );
    const orphan = await provider.createMessageBatch(requests);
    await waitFor(
      "the orphaned Message Batch to end",
      () => provider.retrieveMessageBatch(orphan.id),
      (remote) => remote.processing_status === "ended",
      10_000,
    );

    worker = await startWorker({
      databaseUrl: database.url,
      log: () => {},
      env: {
        ANTHROPIC_API_KEY: "sk-ant-test",
        ANTHROPIC_BASE_URL: simulator.url,
        PARLEY_MESSAGE_BATCH_POLL_SECONDS: "1",
      },
    });
    const done = await waitForBatch(database.db, ref, isFinished, 20_000);
    expect(done.status).toBe("completed");
    expect(done.succeededItems).toBe(3);
    await expectOneLiveConversationPerItem(database.db, ref, 3);

    // The orphan was the only submission: each item was sent, and billed, once.
    expect(simulator.stats.batches.created).toBe(1);
    const [record] = await listProviderBatches(database.db, ref);
    expect(record?.providerBatchId).toBe(orphan.id);
    const generated = await database.db
      .selectFrom("generation_logs")
      .select(["providerBatchId", "status"])
      .where("batchId", "=", batch.id)
      .where("purpose", "=", "generation")
      .execute();
    expect(generated).toHaveLength(3);
    expect(generated.every((log) => log.providerBatchId === providerBatch.id)).toBe(true);
  });
});

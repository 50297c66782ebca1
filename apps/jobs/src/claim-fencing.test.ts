// A worker whose job was handed to another worker while it was still alive (its heartbeat was
// lost, pg-boss redelivered the job) must not bill or store anything for the item: each claim is
// fenced by a lease token, and the worker that took the item over is the only one that finishes it.
import { findBatchItem } from "@parley/db";
import {
  type ConversationProvider,
  createAnthropicProvider,
  ProviderError,
} from "@parley/generation";
import { createBatch } from "@parley/queue";
import { type RunningSimulator, startSimulator } from "@parley/simulator";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GenerateItemDeps, handleGenerateItem } from "./handlers/generate-item.ts";
import { expectOneLiveConversationPerItem } from "./test-support/batch-assertions.ts";
import { type BatchHarness, openBatchHarness } from "./test-support/batch-harness.ts";
import { waitFor } from "./test-support/batch-observer.ts";
import { handlerJob } from "./test-support/handler-jobs.ts";

let harness: BatchHarness;
let simulator: RunningSimulator;
let provider: ConversationProvider;

beforeAll(async () => {
  // No worker: the test runs the item's two jobs itself, interleaved.
  harness = await openBatchHarness();
  simulator = await startSimulator({ seed: 7, batchDelayMs: 0 });
  provider = createAnthropicProvider({ baseURL: simulator.url, simulated: true });
});
afterAll(async () => {
  await harness?.close();
  await simulator?.close();
});

const job = (data: Record<string, unknown>, retryCount: number) => handlerJob(data, { retryCount });

const depsWith = (generator: ConversationProvider): GenerateItemDeps => ({
  db: harness.database.db,
  queue: harness.queue,
  provider: generator,
  simulated: true,
  log: () => {},
});

/** A provider whose generation waits for `open` before it goes on with `then`. */
function gated(then: ConversationProvider["generateConversation"]) {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  let entered = false;
  const gatedProvider: ConversationProvider = {
    ...provider,
    generateConversation: async (request, options) => {
      entered = true;
      await opened;
      return then(request, options);
    },
  };
  return { provider: gatedProvider, open, entered: () => entered };
}

async function oneItemBatch() {
  const { database, queue, workspaceId } = harness;
  const batch = await createBatch(database.db, queue, {
    workspaceId,
    input: { count: 1, seed: 3 },
    simulated: true,
  });
  const [item] = await database.db
    .selectFrom("batch_items")
    .select("id")
    .where("batchId", "=", batch.id)
    .execute();
  if (!item) throw new Error("the batch has no item");
  const ref = { workspaceId, batchId: batch.id };
  return { ref, payload: { ...ref, itemId: item.id } };
}

const attemptsReach = (itemId: string, attempts: number) =>
  waitFor(
    `claim ${attempts} of the item`,
    () => findBatchItem(harness.database.db, { workspaceId: harness.workspaceId, itemId }),
    (item) => (item?.attempts ?? 0) >= attempts,
    10_000,
  );

function generationCalls(batchId: string) {
  return harness.database.db
    .selectFrom("generation_logs")
    .select("id")
    .where("batchId", "=", batchId)
    .where("purpose", "=", "generation")
    .execute();
}

describe("a worker whose item was taken over by another worker", () => {
  it("stops before calling the provider, and the item is generated and billed once", async () => {
    const { database } = harness;
    const { ref, payload } = await oneItemBatch();
    // Both runs read the consultant profile before calling the provider; holding its table
    // keeps the first run there until the second has claimed the item.
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = () => {};
    const lockTaken = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holder = database.db.transaction().execute(async (trx) => {
      await sql`lock table consultant_profiles in access exclusive mode`.execute(trx);
      locked();
      await released;
    });
    await lockTaken;

    const first = handleGenerateItem(depsWith(provider), job(payload, 0));
    await attemptsReach(payload.itemId, 1);
    // pg-boss gives the job to another worker: the first one's heartbeat was lost.
    const second = handleGenerateItem(depsWith(provider), job(payload, 1));
    await attemptsReach(payload.itemId, 2);
    release();
    await holder;
    await Promise.all([first, second]);

    expect(await generationCalls(ref.batchId)).toHaveLength(1);
    const item = await findBatchItem(database.db, {
      workspaceId: ref.workspaceId,
      itemId: payload.itemId,
    });
    expect(item?.status).toBe("succeeded");
    await expectOneLiveConversationPerItem(database.db, ref, 1);
  });

  it("never puts the item back in the queue when its own call fails after the takeover", async () => {
    const { database } = harness;
    const { ref, payload } = await oneItemBatch();
    const overloaded = gated(async () => {
      throw new ProviderError("overloaded", "Overloaded", { retryable: true, status: 529 });
    });
    const healthy = gated((request, options) => provider.generateConversation(request, options));

    const first = handleGenerateItem(depsWith(overloaded.provider), job(payload, 0));
    await waitFor("the first call", async () => overloaded.entered(), Boolean, 10_000);
    const second = handleGenerateItem(depsWith(healthy.provider), job(payload, 1));
    await waitFor("the second call", async () => healthy.entered(), Boolean, 10_000);

    // The first worker's call fails while the second one's is under way: the failure is not
    // the item's any more, so it is neither requeued nor retried (a retry would steal it back).
    overloaded.open();
    await expect(first).resolves.toBeUndefined();
    const during = await findBatchItem(database.db, {
      workspaceId: ref.workspaceId,
      itemId: payload.itemId,
    });
    expect(during?.status).toBe("processing");
    expect(during?.lastError).toBeNull();

    healthy.open();
    await second;
    const item = await findBatchItem(database.db, {
      workspaceId: ref.workspaceId,
      itemId: payload.itemId,
    });
    expect(item?.status).toBe("succeeded");
    await expectOneLiveConversationPerItem(database.db, ref, 1);
  });
});

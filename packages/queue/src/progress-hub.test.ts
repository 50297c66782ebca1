// The progress hub over a real Postgres LISTEN/NOTIFY: a subscriber hears every change committed
// after it subscribed, including one committed before it started reading — the window in which
// a page reads the batch's current state.
import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { CompiledQuery } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createProgressHub,
  NOTIFY_PROGRESS_SQL,
  notifyProgressParams,
  type ProgressHub,
} from "./progress-hub.ts";

let database: TestDatabase;
let hub: ProgressHub;

beforeAll(async () => {
  database = await createTestDatabase();
  hub = createProgressHub(database.url);
});

afterAll(async () => {
  await hub?.close();
  await database?.destroy();
});

/** What a writer does inside its transaction, here on its own. */
async function notify(id: string) {
  await database.db.executeQuery(CompiledQuery.raw(NOTIFY_PROGRESS_SQL, notifyProgressParams(id)));
}

describe("createProgressHub", () => {
  it("delivers a change committed between subscribing and reading, then the ones after", async () => {
    const id = "5a4c2a4e-0d52-4a53-9a8f-3a1f8f0e3c11";
    const controller = new AbortController();
    const subscription = await hub.subscribe(id, controller.signal);
    // The page reads the batch here; meanwhile a worker commits a change.
    await notify(id);
    await notify("another-batch");
    const iterator = subscription[Symbol.asyncIterator]();
    const first = await Promise.race([
      iterator.next(),
      new Promise((resolve) => setTimeout(() => resolve("timed out"), 5_000)),
    ]);
    expect(first).toMatchObject({ done: false, value: { batchId: id } });
    await notify(id);
    expect(await iterator.next()).toMatchObject({ done: false, value: { batchId: id } });
    subscription.close();
    expect((await iterator.next()).done).toBe(true);
    controller.abort();
  });

  it("ends quietly when its signal aborts", async () => {
    const controller = new AbortController();
    const subscription = await hub.subscribe("aborted", controller.signal);
    const next = subscription[Symbol.asyncIterator]().next();
    controller.abort();
    expect((await next).done).toBe(true);
  });

  it("folds the changes a busy subscriber missed into one, the latest", async () => {
    const id = "0f6b8d8e-4d3a-4a57-8d0c-5b1e7d2b9a01";
    const controller = new AbortController();
    const subscription = await hub.subscribe(id, controller.signal);
    const iterator = subscription[Symbol.asyncIterator]();
    // Five changes while the page is still busy reading: one more read covers them all.
    for (let i = 0; i < 5; i++) await notify(id);
    await notify("sentinel");
    const sentinel = await hub.subscribe("sentinel-2", controller.signal);
    await notify("sentinel-2");
    await sentinel[Symbol.asyncIterator]().next();
    const first = await iterator.next();
    expect(first.done).toBe(false);
    const second = iterator.next();
    const pending = await Promise.race([
      second,
      new Promise((resolve) => setTimeout(() => resolve("nothing pending"), 300)),
    ]);
    expect(pending).toBe("nothing pending");
    await notify(id);
    const later = (await second) as IteratorResult<{ receivedAt: number }>;
    expect(later.done).toBe(false);
    expect(later.value.receivedAt).toBeGreaterThan(
      (first as IteratorResult<{ receivedAt: number }>).value.receivedAt,
    );
    controller.abort();
  });

  it("keeps no listener for a subscription once it is closed, aborted or read to its end", async () => {
    const id = "7d1c3f0e-2b8a-4c6e-9f4d-1a2b3c4d5e6f";
    for (let i = 0; i < 50; i++) {
      const controller = new AbortController();
      const subscription = await hub.subscribe(id, controller.signal);
      if (i % 3 === 0) subscription.close();
      else if (i % 3 === 1) controller.abort();
      else {
        const iterator = subscription[Symbol.asyncIterator]();
        await notify(id);
        await iterator.next();
        await iterator.return?.();
      }
    }
    expect(hub.subscribers(id)).toBe(0);
  });
});

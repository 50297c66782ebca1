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
    expect(first).toEqual({ done: false, value: { batchId: id } });
    await notify(id);
    expect(await iterator.next()).toEqual({ done: false, value: { batchId: id } });
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
});

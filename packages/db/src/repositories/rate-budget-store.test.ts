// The shared rate budget on the real Postgres: slices are granted from one set of buckets for
// every holder, a holder that stops renewing gives its lease back when it expires, and the
// provider's headers and 429s reach every holder.
import type { BudgetExchange } from "@parley/generation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing/index.ts";
import { createRateBudgetStore } from "./rate-budget-store.ts";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb?.destroy();
});

/** 12 requests a minute: one comes back every 5 s, so a short test sees no refill to speak of. */
const LIMITS = { requests: 12, inputTokens: 1_000_000, outputTokens: 1_000_000 };
const none = { requests: 0, inputTokens: 0, outputTokens: 0 };
const requests = (n: number) => ({ requests: n, inputTokens: 0, outputTokens: 0 });

function ask(group: string, holder: string, want: number, leaseMs = 15_000): BudgetExchange {
  return {
    group,
    holder,
    initialLimits: LIMITS,
    give: none,
    want: requests(want),
    held: none,
    leaseMs,
  };
}

describe("the shared rate budget", () => {
  it("grants one bucket's worth across holders, and returns a dead holder's lease when it expires", async () => {
    const store = createRateBudgetStore(testDb.db);
    const first = await store.exchange(ask("g-lease", "worker-a", 10, 200));
    expect(first).toMatchObject({ granted: true, pausedUntil: null });
    // Two left: the other worker waits (about 15 s for three more requests at 12 a minute).
    const refused = await store.exchange(ask("g-lease", "worker-b", 5));
    expect(refused.granted).toBe(false);
    expect(refused.waitMs).toBeGreaterThan(10_000);

    // worker-a dies holding its slice: once its lease expires, the next exchange gets it back.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = await store.exchange(ask("g-lease", "worker-b", 5));
    expect(after.granted).toBe(true);
  });

  it("takes a slice handed back at once, and lowers what is left when the provider says less remains", async () => {
    const store = createRateBudgetStore(testDb.db);
    expect((await store.exchange(ask("g-give", "a", 12))).granted).toBe(true);
    expect((await store.exchange(ask("g-give", "b", 4))).granted).toBe(false);
    await store.exchange({ ...ask("g-give", "a", 0), give: requests(6) });
    expect((await store.exchange(ask("g-give", "b", 4))).granted).toBe(true);

    await store.calibrate({
      group: "g-give",
      initialLimits: LIMITS,
      limits: { requests: { limit: 12, remaining: 0 } },
    });
    expect((await store.exchange(ask("g-give", "b", 1))).granted).toBe(false);
  });

  it("pauses every holder after a 429 until its retry-after has passed", async () => {
    const store = createRateBudgetStore(testDb.db);
    const until = Date.now() + 60_000;
    await store.pause("g-pause", until, LIMITS);
    const paused = await store.exchange(ask("g-pause", "another-worker", 1));
    expect(paused.granted).toBe(false);
    expect(paused.pausedUntil).toBeGreaterThanOrEqual(until - 1);
  });
});

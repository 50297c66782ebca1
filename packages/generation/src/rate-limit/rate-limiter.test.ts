import { describe, expect, it } from "vitest";
import { FakeClock } from "./fake-clock.ts";
import { RateLimiter, type Reservation } from "./rate-limiter.ts";

const SMALL = { inputTokens: 10, maxOutputTokens: 10 };
const GENEROUS = {
  requestsPerMinute: 10_000,
  inputTokensPerMinute: 10_000_000,
  outputTokensPerMinute: 10_000_000,
};

/** Tracks whether a promise has settled yet, without awaiting it. */
function track<T>(promise: Promise<T>) {
  const state: { done: boolean; value?: T; error?: unknown } = { done: false };
  promise.then(
    (value) => Object.assign(state, { done: true, value }),
    (error) => Object.assign(state, { done: true, error }),
  );
  return state;
}

function headers(values: Record<string, string | number>) {
  return new Headers(Object.entries(values).map(([k, v]) => [k, String(v)]));
}

describe("RateLimiter", () => {
  it("spaces requests out once the requests-per-minute bucket is empty", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ ...GENEROUS, requestsPerMinute: 2, clock });
    const first = track(limiter.acquire(SMALL));
    const second = track(limiter.acquire(SMALL));
    const third = track(limiter.acquire(SMALL));
    await clock.advance(0);
    expect([first.done, second.done, third.done]).toEqual([true, true, false]);
    // 2 per minute refills one request every 30 seconds.
    await clock.advance(29_000);
    expect(third.done).toBe(false);
    await clock.advance(1_000);
    expect(third.done).toBe(true);
  });

  it("reserves max_tokens of output and refunds what the call did not use", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ ...GENEROUS, outputTokensPerMinute: 1_000, clock });
    const first = await limiter.acquire({ inputTokens: 10, maxOutputTokens: 800 });
    const second = track(limiter.acquire({ inputTokens: 10, maxOutputTokens: 800 }));
    await clock.advance(0);
    expect(second.done).toBe(false);
    limiter.settle(first, { inputTokens: 10, outputTokens: 100 });
    await clock.advance(0);
    expect(second.done).toBe(true);
  });

  it("waits for input-token capacity, and lets an oversized call through once the bucket is full", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ ...GENEROUS, inputTokensPerMinute: 6_000, clock });
    await limiter.acquire({ inputTokens: 6_000, maxOutputTokens: 1 });
    const huge = track(limiter.acquire({ inputTokens: 9_000, maxOutputTokens: 1 }));
    await clock.advance(59_000);
    expect(huge.done).toBe(false);
    await clock.advance(1_000);
    expect(huge.done).toBe(true);
  });

  it("refunds estimated input tokens that turned out to be cache reads", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ ...GENEROUS, inputTokensPerMinute: 1_000, clock });
    const first = await limiter.acquire({ inputTokens: 900, maxOutputTokens: 1 });
    const second = track(limiter.acquire({ inputTokens: 900, maxOutputTokens: 1 }));
    await clock.advance(0);
    expect(second.done).toBe(false);
    limiter.settle(first, { inputTokens: 50, outputTokens: 1 });
    await clock.advance(0);
    expect(second.done).toBe(true);
  });

  it("takes the provider's headers as the truth about limits and what remains", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ ...GENEROUS, requestsPerMinute: 1, clock });
    await limiter.acquire(SMALL);
    // Another process used the organisation's capacity: 60 RPM, none left, full in a minute.
    limiter.observeHeaders(
      headers({
        "anthropic-ratelimit-requests-limit": 60,
        "anthropic-ratelimit-requests-remaining": 0,
        "anthropic-ratelimit-requests-reset": new Date(clock.now() + 60_000).toISOString(),
      }),
    );
    const next = track(limiter.acquire(SMALL));
    await clock.advance(999);
    expect(next.done).toBe(false);
    await clock.advance(1);
    expect(next.done).toBe(true);
    expect(limiter.snapshot().requests.limit).toBe(60);
  });

  it("raises its limits when the headers report more capacity than the defaults", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ ...GENEROUS, requestsPerMinute: 1, clock });
    limiter.observeHeaders(
      headers({
        "anthropic-ratelimit-requests-limit": 4_000,
        "anthropic-ratelimit-requests-remaining": 3_999,
      }),
    );
    const grants = Array.from({ length: 5 }, () => track(limiter.acquire(SMALL)));
    await clock.advance(0);
    expect(grants.every((g) => g.done)).toBe(true);
  });

  it("pauses every caller until retry-after has passed", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ ...GENEROUS, clock });
    const throttled = await limiter.acquire(SMALL);
    limiter.settle(throttled, null);
    limiter.recordThrottle(throttled, 5_000);
    const a = track(limiter.acquire(SMALL));
    const b = track(limiter.acquire(SMALL));
    await clock.advance(4_999);
    expect([a.done, b.done]).toEqual([false, false]);
    await clock.advance(1);
    expect([a.done, b.done]).toEqual([true, true]);
  });

  it("stops waiting when the caller aborts, and serves the next caller", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ ...GENEROUS, maxConcurrency: 1, clock });
    const holder = await limiter.acquire(SMALL);
    const controller = new AbortController();
    const abandoned = track(limiter.acquire(SMALL, controller.signal));
    const patient = track(limiter.acquire(SMALL));
    controller.abort();
    await clock.advance(0);
    expect(abandoned.done).toBe(true);
    expect((abandoned.error as Error).name).toBe("AbortError");
    limiter.settle(holder, { inputTokens: 10, outputTokens: 10 });
    await clock.advance(0);
    expect(patient.done).toBe(true);
    expect(limiter.snapshot().inFlight).toBe(1);
  });

  it("never has more calls in flight than the concurrency limit", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ ...GENEROUS, maxConcurrency: 2, clock });
    const grants = Array.from({ length: 3 }, () => track(limiter.acquire(SMALL)));
    await clock.advance(0);
    expect(grants.map((g) => g.done)).toEqual([true, true, false]);
    limiter.settle(grants[0]?.value as Reservation, null);
    await clock.advance(0);
    expect(grants[2]?.done).toBe(true);
  });

  it("halves concurrency on throttling (once per overload) and regains it one step at a time", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ ...GENEROUS, maxConcurrency: 8, successesToGrow: 3, clock });
    const calls = await Promise.all(Array.from({ length: 4 }, () => limiter.acquire(SMALL)));
    for (const call of calls) {
      limiter.settle(call, null);
      limiter.recordThrottle(call);
    }
    // Four 429s from one burst: one halving, not four.
    expect(limiter.snapshot().concurrencyLimit).toBe(4);
    const later = await limiter.acquire(SMALL);
    limiter.settle(later, null);
    limiter.recordThrottle(later);
    expect(limiter.snapshot().concurrencyLimit).toBe(2);
    for (let i = 0; i < 3; i++) limiter.recordSuccess();
    expect(limiter.snapshot().concurrencyLimit).toBe(3);
    for (let i = 0; i < 100; i++) limiter.recordSuccess();
    expect(limiter.snapshot().concurrencyLimit).toBe(8);
    for (let i = 0; i < 10; i++) {
      const r = await limiter.acquire(SMALL);
      limiter.settle(r, null);
      limiter.recordThrottle(r);
    }
    expect(limiter.snapshot().concurrencyLimit).toBe(1);
  });
});

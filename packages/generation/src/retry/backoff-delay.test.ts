import { describe, expect, it } from "vitest";
import { backoffDelayMs } from "./backoff-delay.ts";
import { parseRetryAfterMs } from "./retry-after.ts";

const always = (value: number) => () => value;

describe("backoffDelayMs", () => {
  it("doubles the ceiling with each attempt", () => {
    const top = always(0.999999);
    expect(backoffDelayMs(1, undefined, { random: top })).toBeCloseTo(1_000, 0);
    expect(backoffDelayMs(2, undefined, { random: top })).toBeCloseTo(2_000, 0);
    expect(backoffDelayMs(4, undefined, { random: top })).toBeCloseTo(8_000, 0);
  });

  it("draws the whole delay at random below the ceiling (full jitter)", () => {
    expect(backoffDelayMs(3, undefined, { random: always(0) })).toBe(0);
    expect(backoffDelayMs(3, undefined, { random: always(0.5) })).toBe(2_000);
    const samples = Array.from({ length: 200 }, () => backoffDelayMs(3));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...samples)).toBeLessThan(4_000);
    expect(new Set(samples.map(Math.round)).size).toBeGreaterThan(50);
  });

  it("is capped however many attempts failed", () => {
    expect(backoffDelayMs(50, undefined, { random: always(0.999999), maxMs: 30_000 })).toBeLessThan(
      30_000,
    );
  });

  it("never retries sooner than the server's retry-after", () => {
    for (let i = 0; i < 50; i++) {
      const delay = backoffDelayMs(1, 12_000);
      expect(delay).toBeGreaterThanOrEqual(12_000);
      expect(delay).toBeLessThan(12_000 + 1_000);
    }
  });
});

describe("parseRetryAfterMs", () => {
  it("reads seconds, milliseconds and HTTP dates", () => {
    expect(parseRetryAfterMs(new Headers({ "retry-after": "3" }))).toBe(3_000);
    expect(parseRetryAfterMs(new Headers({ "retry-after-ms": "250", "retry-after": "3" }))).toBe(
      250,
    );
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(
      parseRetryAfterMs(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }), now),
    ).toBe(5_000);
    expect(parseRetryAfterMs(new Headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(parseRetryAfterMs(new Headers())).toBeUndefined();
  });
});

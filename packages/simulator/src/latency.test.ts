import { describe, expect, it } from "vitest";
import { sampleLatencyMs } from "./latency.ts";
import { randomFromSeed } from "./seeded-random.ts";

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("sampleLatencyMs", () => {
  it("averages the configured latency for a 1,000-token answer, with a spread", () => {
    const random = randomFromSeed(1);
    const samples = Array.from({ length: 4_000 }, () => sampleLatencyMs(1_000, 1_000, random));
    expect(mean(samples)).toBeGreaterThan(950);
    expect(mean(samples)).toBeLessThan(1_050);
    expect(Math.min(...samples)).toBeLessThan(600);
    expect(Math.max(...samples)).toBeGreaterThan(1_600);
  });

  it("takes longer for longer answers", () => {
    const random = randomFromSeed(2);
    const short = mean(Array.from({ length: 2_000 }, () => sampleLatencyMs(1_000, 100, random)));
    const long = mean(Array.from({ length: 2_000 }, () => sampleLatencyMs(1_000, 3_000, random)));
    expect(long).toBeGreaterThan(short * 4);
  });

  it("is instant when latency is off", () => {
    expect(sampleLatencyMs(0, 5_000, randomFromSeed(3))).toBe(0);
  });
});

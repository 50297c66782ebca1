import type { Tier } from "@parley/vocabulary";
import { describe, expect, it } from "vitest";
import {
  allocateByTier,
  drawReviewSample,
  type SampleCandidate,
  sampleTarget,
} from "./draw-review-sample.ts";

function candidates(counts: Partial<Record<Tier, number>>): SampleCandidate[] {
  return Object.entries(counts).flatMap(([tier, count]) =>
    Array.from({ length: count ?? 0 }, (_, index) => ({
      conversationId: `${tier}-${String(index).padStart(4, "0")}`,
      tier: tier as Tier,
    })),
  );
}

function tally(items: readonly SampleCandidate[]): Partial<Record<Tier, number>> {
  const counts: Partial<Record<Tier, number>> = {};
  for (const item of items) counts[item.tier] = (counts[item.tier] ?? 0) + 1;
  return counts;
}

describe("drawReviewSample", () => {
  it("draws 10 % of the spec's 100-conversation batch, proportionally per tier", () => {
    const sample = drawReviewSample(
      candidates({ template: 40, scenario: 35, edge_case: 25 }),
      { rate: 0.1 },
      "s1",
    );
    expect(sample).toHaveLength(10);
    // Quotas 4, 3.5, 2.5: the remainders tie, so the tier order breaks the tie.
    expect(tally(sample)).toEqual({ template: 4, scenario: 4, edge_case: 2 });
    expect(sample.map((item) => item.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("gives the same sample for the same seed, whatever order the conversations come in", () => {
    const pool = candidates({ template: 30, scenario: 20, edge_case: 10 });
    const first = drawReviewSample(pool, { rate: 0.1 }, "reproducible");
    const again = drawReviewSample([...pool].reverse(), { rate: 0.1 }, "reproducible");
    expect(again).toEqual(first);
    const other = drawReviewSample(pool, { rate: 0.1 }, "another seed");
    expect(other.map((item) => item.conversationId)).not.toEqual(
      first.map((item) => item.conversationId),
    );
  });

  it("never draws a conversation twice and only draws candidates", () => {
    const pool = candidates({ template: 13, scenario: 7, edge_case: 3 });
    const sample = drawReviewSample(pool, { size: 15 }, "x");
    const ids = sample.map((item) => item.conversationId);
    expect(new Set(ids).size).toBe(15);
    const known = new Set(pool.map((item) => item.conversationId));
    expect(ids.every((id) => known.has(id))).toBe(true);
  });

  it("keeps at least one conversation of every non-empty tier, even a tiny one", () => {
    const sample = drawReviewSample(
      candidates({ template: 95, scenario: 4, edge_case: 1 }),
      { rate: 0.1 },
      "small tiers",
    );
    expect(sample).toHaveLength(10);
    expect(tally(sample)).toEqual({ template: 8, scenario: 1, edge_case: 1 });
  });

  it("rounds a rate up, so a small batch is still sampled", () => {
    expect(sampleTarget(12, 1, { rate: 0.1 })).toBe(2);
    expect(sampleTarget(100, 3, { rate: 0.1 })).toBe(10);
    expect(sampleTarget(30, 3, { rate: 0.1 })).toBe(3);
    expect(sampleTarget(5, 1, { rate: 0.01 })).toBe(1);
  });

  it("raises a size below the number of tiers to one per tier and caps it at the batch", () => {
    expect(sampleTarget(50, 3, { size: 1 })).toBe(3);
    expect(sampleTarget(4, 2, { size: 20 })).toBe(4);
    const everything = drawReviewSample(
      candidates({ template: 2, edge_case: 2 }),
      { size: 9 },
      "a",
    );
    expect(tally(everything)).toEqual({ template: 2, edge_case: 2 });
  });

  it("draws nothing from nothing", () => {
    expect(drawReviewSample([], { rate: 0.1 }, "empty")).toEqual([]);
  });
});

describe("allocateByTier", () => {
  it("sums to the target and takes the minimum from the most over-served tier", () => {
    const allocation = allocateByTier(
      new Map<Tier, number>([
        ["template", 60],
        ["scenario", 39],
        ["edge_case", 1],
      ]),
      5,
    );
    expect(Object.fromEntries(allocation)).toEqual({ template: 3, scenario: 1, edge_case: 1 });
  });
});

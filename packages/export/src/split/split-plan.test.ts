import { describe, expect, it } from "vitest";
import {
  assignSplit,
  planStratifiedSplit,
  type SplitItem,
  type SplitName,
  splitPlanFromRatios,
  splitQuotas,
} from "./split-plan.ts";

const RATIOS = { train: 0.8, validation: 0.1, test: 0.1 };

function items(counts: Record<string, number>, prefix = "conv"): SplitItem[] {
  return Object.entries(counts).flatMap(([tier, count]) =>
    Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${tier}-${i}`, tier })),
  );
}

function tally(plan: Parameters<typeof assignSplit>[0], list: SplitItem[]) {
  const counts: Record<string, Record<SplitName, number>> = {};
  for (const item of list) {
    const tierCounts = counts[item.tier] ?? { train: 0, validation: 0, test: 0 };
    counts[item.tier] = tierCounts;
    tierCounts[assignSplit(plan, item)]++;
  }
  return counts;
}

describe("splitQuotas", () => {
  it("rounds by largest remainder and never rounds a half-conversation share down to none", () => {
    expect(splitQuotas(70, RATIOS)).toEqual({ train: 56, validation: 7, test: 7 });
    expect(splitQuotas(10, { train: 0.9, validation: 0.05, test: 0.05 })).toEqual({
      train: 8,
      validation: 1,
      test: 1,
    });
    expect(splitQuotas(2, RATIOS)).toEqual({ train: 2, validation: 0, test: 0 });
    expect(splitQuotas(4, RATIOS)).toEqual({ train: 3, validation: 1, test: 0 });
    expect(splitQuotas(5, { train: 1, validation: 0, test: 0 })).toEqual({
      train: 5,
      validation: 0,
      test: 0,
    });
  });

  it("rejects ratios that are all zero or negative", () => {
    expect(() => splitQuotas(10, { train: 0, validation: 0, test: 0 })).toThrow(/positive/);
    expect(() => splitQuotas(10, { train: -1, validation: 1, test: 1 })).toThrow();
  });
});

describe("stratified split", () => {
  it("gives every tier its exact quota", async () => {
    const list = items({ template: 70, scenario: 20, edge_case: 10 });
    const plan = await planStratifiedSplit(list, RATIOS, "seed-1");
    expect(tally(plan, list)).toEqual({
      template: { train: 56, validation: 7, test: 7 },
      scenario: { train: 16, validation: 2, test: 2 },
      edge_case: { train: 8, validation: 1, test: 1 },
    });
    expect(plan.expectedCounts).toEqual(tally(plan, list));
  });

  it("is deterministic for a seed and changes with the seed", async () => {
    const list = items({ template: 200 });
    const a = await planStratifiedSplit(list, RATIOS, "alpha");
    const again = await planStratifiedSplit([...list].reverse(), RATIOS, "alpha");
    const b = await planStratifiedSplit(list, RATIOS, "beta");
    const assignments = (plan: typeof a) => list.map((item) => assignSplit(plan, item));
    expect(assignments(again)).toEqual(assignments(a));
    expect(assignments(b)).not.toEqual(assignments(a));
  });

  it("reads its input as an async stream", async () => {
    async function* stream() {
      yield* items({ scenario: 30 });
    }
    const plan = await planStratifiedSplit(stream(), RATIOS, "s");
    expect(plan.expectedCounts?.scenario).toEqual({ train: 24, validation: 3, test: 3 });
  });
});

describe("hash split", () => {
  it("approximates the ratios per tier", () => {
    const plan = splitPlanFromRatios(RATIOS, "stable");
    const list = items({ template: 5000 });
    const counts = tally(plan, list).template ?? { train: 0, validation: 0, test: 0 };
    expect(counts.train / 5000).toBeCloseTo(0.8, 1);
    expect(counts.validation / 5000).toBeCloseTo(0.1, 1);
    expect(counts.test / 5000).toBeCloseTo(0.1, 1);
  });

  it("puts everything in train with ratios 1/0/0", () => {
    const plan = splitPlanFromRatios({ train: 1, validation: 0, test: 0 }, "x");
    expect(new Set(items({ template: 300 }).map((item) => assignSplit(plan, item)))).toEqual(
      new Set(["train"]),
    );
  });
});

import { describe, expect, it } from "vitest";
import { computeCostUsd } from "./compute-cost.ts";
import { UnknownModelError } from "./model-prices.ts";
import { ZERO_USAGE } from "./token-usage.ts";

const MILLION = 1_000_000;

describe("computeCostUsd", () => {
  it("prices a million input and output tokens at each model's list price", () => {
    const usage = { ...ZERO_USAGE, inputTokens: MILLION, outputTokens: MILLION };
    expect(computeCostUsd("claude-sonnet-4-5", usage)).toBeCloseTo(3 + 15, 10);
    expect(computeCostUsd("claude-haiku-4-5", usage)).toBeCloseTo(1 + 5, 10);
    expect(computeCostUsd("claude-opus-4-5", usage)).toBeCloseTo(5 + 25, 10);
  });

  it("charges cache writes at 1.25x and cache reads at 0.1x the input price", () => {
    const write = { ...ZERO_USAGE, cacheCreationInputTokens: MILLION };
    const read = { ...ZERO_USAGE, cacheReadInputTokens: MILLION };
    expect(computeCostUsd("claude-sonnet-4-5", write)).toBeCloseTo(3.75, 10);
    expect(computeCostUsd("claude-sonnet-4-5", read)).toBeCloseTo(0.3, 10);
  });

  it("halves everything, cache tokens included, for Message Batches", () => {
    const usage = {
      inputTokens: 2_000,
      outputTokens: 3_000,
      cacheCreationInputTokens: 1_500,
      cacheReadInputTokens: 10_000,
    };
    const realtime = computeCostUsd("claude-opus-4-5", usage);
    // 2000×5 + 1500×6.25 + 10000×0.5 + 3000×25, per million.
    expect(realtime).toBeCloseTo((10_000 + 9_375 + 5_000 + 75_000) / MILLION, 12);
    expect(computeCostUsd("claude-opus-4-5", usage, { batch: true })).toBeCloseTo(realtime / 2, 12);
  });

  it("accepts dated snapshot ids of a known model", () => {
    const usage = { ...ZERO_USAGE, outputTokens: MILLION };
    expect(computeCostUsd("claude-sonnet-4-5-20250929", usage)).toBeCloseTo(15, 10);
  });

  it("refuses an unknown model with a message naming the known ones", () => {
    expect(() => computeCostUsd("gpt-4o", ZERO_USAGE)).toThrow(UnknownModelError);
    expect(() => computeCostUsd("gpt-4o", ZERO_USAGE)).toThrow(/gpt-4o.*claude-sonnet-4-5/);
  });
});

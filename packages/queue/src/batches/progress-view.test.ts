import type { BatchProgress } from "@parley/db";
import { describe, expect, it } from "vitest";
import { progressView } from "./progress-view.ts";

function progress(overrides: Partial<BatchProgress>): BatchProgress {
  const startedAt = new Date("2026-12-06T10:00:00Z");
  return {
    batchId: "b",
    name: "batch",
    kind: "conversations",
    status: "processing",
    pauseReason: null,
    providerMode: "realtime",
    simulated: true,
    total: 10,
    counts: { queued: 2, processing: 1, succeeded: 6, failed: 1, cancelled: 0 },
    finished: 7,
    percentComplete: 70,
    estimatedCostUsd: null,
    actualCostUsd: 0,
    outputTokens: 0,
    budgetCapUsd: null,
    estimatedDurationMs: null,
    averageItemDurationMs: null,
    lastFinishedAt: null,
    createdAt: startedAt,
    startedAt,
    completedAt: null,
    updatedAt: startedAt,
    recentErrors: [],
    ...overrides,
  };
}

describe("progressView throughput", () => {
  it("reads output tokens per second over the batch's running time", () => {
    const view = progressView(
      progress({ outputTokens: 12_345 }),
      new Date("2026-12-06T10:01:40Z"), // 100 s after the start
    );
    expect(view.outputTokensPerSecond).toBe(123.5);
  });

  it("stops the clock when the batch completed", () => {
    const view = progressView(
      progress({
        status: "completed",
        outputTokens: 6_000,
        completedAt: new Date("2026-12-06T10:00:30Z"),
      }),
      new Date("2026-12-06T12:00:00Z"),
    );
    expect(view.outputTokensPerSecond).toBe(200);
  });

  it("has no rate before a token came back", () => {
    const view = progressView(progress({}), new Date("2026-12-06T10:01:00Z"));
    expect(view.outputTokensPerSecond).toBeNull();
  });

  it("counts success over finished items only: cancelled and queued ones are left out", () => {
    const view = progressView(
      progress({ counts: { queued: 5, processing: 2, succeeded: 3, failed: 1, cancelled: 4 } }),
    );
    expect(view.successRate).toBe(0.75);
  });

  it("has no success rate before an item finished", () => {
    const view = progressView(
      progress({ counts: { queued: 9, processing: 1, succeeded: 0, failed: 0, cancelled: 0 } }),
    );
    expect(view.successRate).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { planCoverage } from "../planning/plan-coverage.ts";
import { type EstimateBatchInput, estimateBatch } from "./estimate-batch.ts";

const MILLION = 1_000_000;
const base: EstimateBatchInput = {
  tierCounts: { template: 70, scenario: 20, edge_case: 10 },
  model: "claude-sonnet-4-5",
  concurrency: 3,
  mode: "realtime",
  promptCaching: false,
  latencyMs: 60_000,
};

// Sonnet 4.5 at $3 / $15 per million tokens, default tier profiles.
const TEMPLATE_EACH = (2000 * 3 + 3000 * 15) / MILLION; // $0.051
const SCENARIO_EACH = (2500 * 3 + 4000 * 15) / MILLION; // $0.0675
const EDGE_EACH = (3000 * 3 + 5000 * 15) / MILLION; // $0.084

describe("estimateBatch: tokens and cost", () => {
  const estimate = estimateBatch(base);

  it("prices each tier from its profile and sums a mixed plan per tier", () => {
    const [template, scenario, edge] = estimate.tiers;
    expect(template).toMatchObject({
      tier: "template",
      count: 70,
      inputTokens: 140_000,
      outputTokens: 210_000,
    });
    expect(template?.costUsd).toBeCloseTo(70 * TEMPLATE_EACH, 10);
    expect(scenario?.costUsd).toBeCloseTo(20 * SCENARIO_EACH, 10);
    expect(edge?.costUsd).toBeCloseTo(10 * EDGE_EACH, 10);
    expect(estimate.total.count).toBe(100);
    expect(estimate.total.inputTokens).toBe(140_000 + 50_000 + 30_000);
    expect(estimate.total.outputTokens).toBe(210_000 + 80_000 + 50_000);
    expect(estimate.total.costUsd).toBeCloseTo(5.76, 10);
  });

  it("gives a budget ceiling at full max_tokens output", () => {
    // Template max_tokens 6000, scenario 8000, edge case 10000.
    const ceiling =
      (140_000 * 3 + 420_000 * 15 + 50_000 * 3 + 160_000 * 15 + 30_000 * 3 + 100_000 * 15) /
      MILLION;
    expect(estimate.total.upperBoundCostUsd).toBeCloseTo(ceiling, 10);
  });

  it("counts the tiers of a plan", () => {
    const personas = [{ id: "p", name: "P" }];
    const plan = planCoverage({
      count: 100,
      personas,
      arcs: personas,
      topics: personas,
      edgeCases: [{ id: "e", name: "E" }],
      sourceChunks: [{ id: "c" }],
      seed: 1,
    });
    const fromPlan = estimateBatch({ ...base, tierCounts: undefined, plan });
    expect(fromPlan.total).toEqual(estimate.total);
  });

  it("names an unknown model and refuses plan and counts together", () => {
    expect(() => estimateBatch({ ...base, model: "gpt-4o" })).toThrow(
      /No price is known for model "gpt-4o"/,
    );
    expect(() => estimateBatch({ ...base, plan: { items: [] } })).toThrow(
      /either a plan or tier counts/,
    );
  });
});

describe("estimateBatch: Message Batches", () => {
  it("halves the cost and reports the slower turnaround", () => {
    const batches = estimateBatch({ ...base, mode: "message_batches" });
    expect(batches.total.costUsd).toBeCloseTo(5.76 / 2, 10);
    expect(batches.time).toMatchObject({
      seconds: 3600,
      binding: "batch_turnaround",
      upperBoundSeconds: 86_400,
    });
    expect(batches.warnings).toContain(
      "Message Batches usually finish within an hour but may take up to 24 hours",
    );
  });

  it("shows from real-time mode what batches would save", () => {
    const estimate = estimateBatch(base);
    expect(estimate.savings.messageBatchesUsd).toBeCloseTo(2.88, 10);
    expect(estimate.comparison.messageBatches.costUsd).toBeCloseTo(2.88, 10);
    expect(estimate.comparison.realtime.seconds).toBe(estimate.time.seconds);
    expect(estimate.comparison.messageBatches.seconds).toBeGreaterThan(estimate.time.seconds);
  });
});

describe("estimateBatch: prompt caching", () => {
  const cached = estimateBatch({ ...base, promptCaching: true, staticSystemTokens: 1500 });

  it("writes the cache in the first wave and reads it afterwards", () => {
    // Concurrency 3: three template requests write, the other 97 read.
    expect(cached.total.cacheWriteTokens).toBe(3 * 1500);
    expect(cached.total.cacheReadTokens).toBe(97 * 1500);
    expect(cached.tiers[0]?.cacheWriteTokens).toBe(3 * 1500);
    expect(cached.tiers[1]?.cacheWriteTokens).toBe(0);
    expect(cached.total.uncachedInputTokens).toBe(220_000 - 100 * 1500);
    expect(cached.total.inputTokens).toBe(220_000);
  });

  it("reports the saving: the prefix at 0.1× instead of 1×, minus the writes' 0.25× extra", () => {
    const withoutCaching = 100 * 1500 * 3;
    const withCaching = 3 * 1500 * 3 * 1.25 + 97 * 1500 * 3 * 0.1;
    expect(cached.savings.promptCachingUsd).toBeCloseTo(
      (withoutCaching - withCaching) / MILLION,
      10,
    );
    expect(cached.total.costUsd).toBeCloseTo(5.76 - cached.savings.promptCachingUsd, 10);
    // Offered when caching is off too.
    const uncached = estimateBatch({ ...base, staticSystemTokens: 1500 });
    expect(uncached.savings.promptCachingUsd).toBeCloseTo(cached.savings.promptCachingUsd, 10);
  });

  it("assumes a conservative hit rate for Message Batches", () => {
    const batches = estimateBatch({
      ...base,
      mode: "message_batches",
      promptCaching: true,
      staticSystemTokens: 1500,
    });
    expect(batches.total.cacheReadTokens).toBe(30 * 1500);
    expect(batches.total.cacheWriteTokens).toBe(70 * 1500);
    expect(batches.savings.promptCachingUsd).toBeGreaterThan(0);
  });

  it("does not count on caching a prefix below the model's minimum", () => {
    const opus = estimateBatch({
      ...base,
      model: "claude-opus-4-5",
      promptCaching: true,
      staticSystemTokens: 1500,
    });
    expect(opus.promptCachingEffective).toBe(false);
    expect(opus.total.cacheReadTokens).toBe(0);
    expect(opus.savings.promptCachingUsd).toBe(0);
    expect(opus.warnings[0]).toContain("shorter than claude-opus-4-5's 4096-token caching minimum");
  });
});

describe("estimateBatch: learned token profiles", () => {
  const learned = { averageInputTokens: 1000, averageOutputTokens: 2000, sampleCount: 9 };

  it("keeps the default profile until a tier has enough history", () => {
    const estimate = estimateBatch({ ...base, learnedProfiles: { template: learned } });
    expect(estimate.tiers[0]?.profile).toMatchObject({
      source: "default",
      inputTokens: 2000,
      outputTokens: 3000,
    });
  });

  it("switches a tier to its history at the threshold, leaving the other tiers alone", () => {
    const estimate = estimateBatch({
      ...base,
      learnedProfiles: { template: { ...learned, sampleCount: 10, averageLatencyMs: 30_000 } },
    });
    expect(estimate.tiers[0]?.profile).toMatchObject({
      source: "learned",
      inputTokens: 1000,
      outputTokens: 2000,
      sampleCount: 10,
    });
    expect(estimate.tiers[0]?.latencyMs).toBe(30_000);
    expect(estimate.tiers[0]?.costUsd).toBeCloseTo((70 * (1000 * 3 + 2000 * 15)) / MILLION, 10);
    expect(estimate.tiers[1]?.profile.source).toBe("default");
  });

  it("takes the threshold as a parameter, and caller profiles as the fallback", () => {
    const estimate = estimateBatch({
      ...base,
      learnedSampleThreshold: 5,
      learnedProfiles: { template: learned },
      tokenProfiles: { scenario: { inputTokens: 100, outputTokens: 200 } },
    });
    expect(estimate.tiers[0]?.profile.source).toBe("learned");
    expect(estimate.tiers[1]?.profile).toMatchObject({ source: "override", inputTokens: 100 });
  });
});

describe("estimateBatch: time", () => {
  it("is concurrency × latency without rate limits (90 at 3 × 60 s is 30 minutes)", () => {
    const estimate = estimateBatch({ ...base, tierCounts: { template: 90 } });
    expect(estimate.time).toMatchObject({ seconds: 1800, binding: "concurrency" });
  });

  it("says when the requests-per-minute limit binds", () => {
    const estimate = estimateBatch({
      ...base,
      concurrency: 20,
      rateLimits: { requestsPerMinute: 10 },
    });
    // 20 slots would take 300 s; 10 requests a minute: 90 beyond the first minute's 10 → 540 s + one call.
    expect(estimate.time.bounds.concurrency).toBe(300);
    expect(estimate.time).toMatchObject({ seconds: 540 + 60, binding: "requests_per_minute" });
  });

  it("says when the input-token limit binds, and that cache reads do not count against it", () => {
    const limits = { inputTokensPerMinute: 20_000 };
    const plain = estimateBatch({ ...base, concurrency: 20, rateLimits: limits });
    expect(plain.time.binding).toBe("input_tokens_per_minute");
    // 220k input tokens, 20k a minute: 200k beyond the first minute → 600 s + one call.
    expect(plain.time.seconds).toBeCloseTo(600 + 60, 6);
    const cached = estimateBatch({
      ...base,
      concurrency: 20,
      rateLimits: limits,
      promptCaching: true,
      staticSystemTokens: 1500,
    });
    expect(cached.time.seconds).toBeLessThan(plain.time.seconds);
  });

  it("says when the output-token limit binds because max_tokens is reserved while a call runs", () => {
    // 8,000 output tokens a minute fit one 6,000-token reservation: one template call at a time.
    const estimate = estimateBatch({
      ...base,
      tierCounts: { template: 10 },
      concurrency: 5,
      rateLimits: { outputTokensPerMinute: 8000 },
    });
    expect(estimate.time.binding).toBe("output_tokens_per_minute");
    expect(estimate.time.seconds).toBe(10 * 60);
  });

  it("takes a latency per tier and asks for a missing one", () => {
    const estimate = estimateBatch({
      ...base,
      tierCounts: { template: 3, edge_case: 3 },
      latencyMs: { template: 30_000, edge_case: 90_000 },
    });
    // (3 × 30 s + 3 × 90 s) over 3 slots.
    expect(estimate.time.seconds).toBe(120);
    expect(estimate.tiers[2]?.seconds).toBe(90);
    expect(() => estimateBatch({ ...base, latencyMs: { template: 30_000 } })).toThrow(
      "Give a latency for the scenario tier (milliseconds per call)",
    );
  });

  it("is one call's latency for a batch smaller than the concurrency", () => {
    expect(estimateBatch({ ...base, tierCounts: { template: 2 } }).time.seconds).toBe(60);
  });
});

describe("estimateBatch: the LLM judge", () => {
  // Template conversations write 3,000 tokens: the judge reads 1,200 + 1.2 × 3,000 and writes 400.
  const JUDGE_EACH = ((1200 + 3600) * 3 + 400 * 15) / MILLION; // $0.0204
  const judged = { ...base, tierCounts: { template: 10 }, llmJudge: true };

  it("adds one real-time judge call per conversation on its own line, included in the total", () => {
    const plain = estimateBatch({ ...judged, llmJudge: false });
    const estimate = estimateBatch(judged);
    expect(plain.judge).toBeNull();
    expect(estimate.judge).toMatchObject({ count: 10, inputTokens: 48_000, outputTokens: 4_000 });
    expect(estimate.judge?.costUsd).toBeCloseTo(10 * JUDGE_EACH, 10);
    expect(estimate.total.costUsd).toBeCloseTo(plain.total.costUsd + 10 * JUDGE_EACH, 10);
    expect(estimate.total.outputTokens).toBe(plain.total.outputTokens + 4_000);
    // The ceiling judges conversations of max_tokens (6,000) and answers of 2,000 tokens.
    const ceiling = (10 * (1200 + 1.2 * 6000) * 3 + 10 * 2000 * 15) / MILLION;
    expect(estimate.judge?.upperBoundCostUsd).toBeCloseTo(ceiling, 10);
    expect(estimate.total.upperBoundCostUsd).toBeCloseTo(
      plain.total.upperBoundCostUsd + ceiling,
      10,
    );
  });

  it("prices the judge at the real-time rate in Message Batches mode too", () => {
    const realtime = estimateBatch(judged);
    const batches = estimateBatch({ ...judged, mode: "message_batches" });
    const plainBatches = estimateBatch({ ...judged, mode: "message_batches", llmJudge: false });
    expect(batches.judge?.costUsd).toBeCloseTo(10 * JUDGE_EACH, 10);
    expect(batches.total.costUsd).toBeCloseTo(plainBatches.total.costUsd + 10 * JUDGE_EACH, 10);
    // What batches save is the generation's half price; the judging costs the same either way.
    expect(batches.savings.messageBatchesUsd).toBeCloseTo(
      realtime.total.costUsd - batches.total.costUsd,
      10,
    );
    expect(batches.savings.messageBatchesUsd).toBeCloseTo((10 * TEMPLATE_EACH) / 2, 10);
  });

  it("adds the judging time: in each slot in real time, after the results with Message Batches", () => {
    // A judge call writes 400 of the 3,000 tokens a 60 s generation writes: 8 s.
    const realtime = estimateBatch(judged);
    expect(realtime.judge?.latencyMs).toBe(8_000);
    // (10 × 60 s + 10 × 8 s) over 3 slots.
    expect(realtime.time.seconds).toBeCloseTo((600 + 80) / 3, 6);
    const batches = estimateBatch({ ...judged, mode: "message_batches", messageBatchSeconds: 600 });
    // Four waves of 8 s judge calls after the 600 s turnaround.
    expect(batches.time.seconds).toBeCloseTo(600 + 80 / 3, 6);
  });
});

describe("estimateBatch: the simulated provider", () => {
  it("takes the simulator's latency model, not the given or learned latency", () => {
    const estimate = estimateBatch({
      ...base,
      tierCounts: { template: 6 },
      simulatorLatencyMs: 1200,
      learnedProfiles: {
        template: {
          averageInputTokens: 2000,
          averageOutputTokens: 1000,
          sampleCount: 50,
          averageLatencyMs: 45_000,
        },
      },
    });
    // The simulator's mean for 1,000 output tokens is its configured 1.2 s.
    expect(estimate.tiers[0]?.latencyMs).toBeCloseTo(1200, 6);
    expect(estimate.time.seconds).toBeCloseTo((6 * 1.2) / 3, 6);
  });

  it("is instant for a simulator without latency", () => {
    const estimate = estimateBatch({ ...base, simulatorLatencyMs: 0 });
    expect(estimate.time.seconds).toBe(0);
  });
});

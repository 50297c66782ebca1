import { AppError } from "@parley/generation";
import { describe, expect, it } from "vitest";
import {
  batchSettingsFlags,
  parseBatchCreate,
  refusePlanningFlags,
  templateRefs,
} from "./batch-options.ts";

function errorOf(flags: Record<string, string | string[] | boolean>): string {
  try {
    parseBatchCreate(flags, templateRefs(flags.template));
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).message;
  }
  throw new Error("expected the flags to be rejected");
}

describe("parley batch create flags", () => {
  it("turns every setting into the batch request the web wizard would send", () => {
    const input = parseBatchCreate(
      {
        tiers: "scenario=1, edge_case=3",
        concurrency: "2",
        "error-strategy": "threshold:2",
        priority: "low",
        mode: "message-batches",
        budget: "4.5",
        name: "UK edge cases",
        seed: "11",
        model: "claude-mythos-5-2",
        "accept-unknown-cost": true,
        turns: "8",
        "quality-threshold": "8.5",
        judge: true,
        param: ["region=UK", "note=a=b"],
      },
      { edge_case: "0b9e4d1c-8a1f-4c55-9a57-0f3d1f6f1a10" },
    );
    expect(input).toEqual({
      tierCounts: { template: 0, scenario: 1, edge_case: 3 },
      concurrency: 2,
      errorStrategy: "threshold:2",
      priority: "low",
      mode: "message_batches",
      budgetUsd: 4.5,
      name: "UK edge cases",
      seed: 11,
      model: "claude-mythos-5-2",
      acceptUnknownCost: true,
      turnCount: 8,
      qualityThreshold: 8.5,
      llmJudge: true,
      parameters: { region: "UK", note: "a=b" },
      templates: { edge_case: "0b9e4d1c-8a1f-4c55-9a57-0f3d1f6f1a10" },
    });
  });

  it("reads --template as tier=key, one per tier", () => {
    expect(templateRefs(["edge_case=edge_case_boundary", "template=my-template"])).toEqual({
      edge_case: "edge_case_boundary",
      template: "my-template",
    });
    expect(errorOf({ count: "5", template: ["scenario=a", "scenario=b"] })).toBe(
      '--template: "scenario" is given twice',
    );
  });

  it("takes a count with a tier split, and defaults the rest", () => {
    const input = parseBatchCreate({
      count: "20",
      "tier-split": "template=0.5,scenario=0.5",
    });
    expect(input).toMatchObject({
      count: 20,
      tierSplit: { template: 0.5, scenario: 0.5, edge_case: 0 },
      // Automatic: as many at once as the shared rate budget allows.
      concurrency: null,
      llmJudge: false,
      parameters: {},
    });
  });

  it("names the flag and the fix for each mistake", () => {
    expect(errorOf({ tiers: "templates=3" })).toBe(
      '--tiers: unknown tier "templates"; use template, scenario, edge_case, e.g. template=7,scenario=2,edge_case=1',
    );
    expect(errorOf({ tiers: "template=3", count: "3" })).toContain("instead of --count");
    expect(errorOf({ count: "10", "tier-split": "template=0.7,scenario=0.2" })).toBe(
      "--tier-split: the shares add up to 0.9, not 1",
    );
    expect(errorOf({ count: "10", "tier-split": "template=x" })).toContain(
      '"template=x" needs a number',
    );
    expect(errorOf({ count: "ten" })).toBe('--count must be a number (got "ten").');
    expect(parseBatchCreate({ count: "5", concurrency: "auto" }).concurrency).toBeNull();
    expect(parseBatchCreate({ count: "5", concurrency: "250" }).concurrency).toBe(250);
    expect(() => parseBatchCreate({ count: "5", concurrency: "0" })).toThrow(
      /Concurrency must be at least 1/,
    );
    expect(errorOf({ count: "5", param: ["region"] })).toContain("needs the form name=value");
    expect(errorOf({ count: "5", param: ["a=1", "a=2"] })).toBe('--param: "a" is given twice');
    expect(errorOf({ count: "5", template: ["edge=abc"] })).toContain(
      '--template: "edge=abc" needs the form tier=TEMPLATE_KEY',
    );
  });
});

describe("parley batch create --plan flags", () => {
  it("refuses a count, split or seed beside a plan file, which already is the plan", () => {
    expect(() => refusePlanningFlags({ plan: "plan.json", count: "3" })).toThrow(
      "--plan gives the rows, so --count has nothing to plan",
    );
    expect(() => refusePlanningFlags({ plan: "plan.json", seed: "4" })).toThrow("--seed");
    expect(() => refusePlanningFlags({ plan: "plan.json", name: "Mine" })).not.toThrow();
  });

  it("overrides only the settings typed, so the file's own settings stay", () => {
    expect(batchSettingsFlags({ name: "Mine", turns: "6", json: true })).toEqual({
      name: "Mine",
      turnCount: 6,
    });
    expect(batchSettingsFlags({})).toEqual({});
  });
});

describe("batch create --preset", () => {
  const preset = {
    tierCounts: { template: 5, scenario: 2, edge_case: 1 },
    concurrency: 4,
    mode: "message_batches",
    llmJudge: true,
    qualityThreshold: 8,
    parameters: { region: "UK", audience: "retirees" },
    templates: {},
  };

  it("starts from the preset and lets each flag given override it", () => {
    const input = parseBatchCreate(
      { concurrency: "auto", param: ["region=IE"], "quality-threshold": "6" },
      {},
      preset,
    );
    expect(input).toMatchObject({
      tierCounts: { template: 5, scenario: 2, edge_case: 1 },
      mode: "message_batches",
      llmJudge: true,
      qualityThreshold: 6,
      concurrency: null,
      parameters: { region: "IE", audience: "retirees" },
    });
  });

  it("replaces the preset's plan with --count instead of refusing both", () => {
    const input = parseBatchCreate({ count: "12" }, {}, preset);
    expect(input).toMatchObject({ count: 12 });
    expect(input).not.toHaveProperty("tierCounts");
  });

  it("names what a stale preset gets wrong", () => {
    expect(() => parseBatchCreate({}, {}, { count: 5, errorStrategy: "sometimes" })).toThrow(
      /continue.*stop.*threshold/,
    );
  });
});

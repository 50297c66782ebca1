import { describe, expect, it } from "vitest";
import { wizardFieldsFromPreset } from "./preset-settings.ts";

describe("wizardFieldsFromPreset", () => {
  it("fills every field the preset saved", () => {
    const fields = wizardFieldsFromPreset({
      name: "Weekly",
      tierCounts: { template: 5, scenario: 2, edge_case: 1 },
      concurrency: 4,
      errorStrategy: "threshold:6",
      priority: "low",
      mode: "message_batches",
      budgetUsd: 9.5,
      qualityThreshold: 8.5,
      llmJudge: true,
      model: "claude-sonnet-4-5",
      acceptUnknownCost: false,
      turnCount: 10,
      templates: { scenario: "8a4c2f9e-0000-4000-8000-000000000001" },
      parameters: { region: "UK" },
    });
    expect(fields).toMatchObject({
      name: "Weekly",
      planKind: "counts",
      tierCounts: { template: 5, scenario: 2, edge_case: 1 },
      autoConcurrency: false,
      concurrency: 4,
      strategy: "threshold",
      threshold: 6,
      priority: "low",
      mode: "message_batches",
      budget: 9.5,
      qualityThreshold: 8.5,
      llmJudge: true,
      model: "claude-sonnet-4-5",
      turnCount: 10,
      templates: { template: "", scenario: "8a4c2f9e-0000-4000-8000-000000000001", edge_case: "" },
      parameters: [{ key: "region", value: "UK" }],
    });
  });

  it("turns a saved split back into percentages, and automatic concurrency into the checkbox", () => {
    const fields = wizardFieldsFromPreset({
      count: 40,
      tierSplit: { template: 0.5, scenario: 0.3, edge_case: 0.2 },
      concurrency: null,
      errorStrategy: "stop",
    });
    expect(fields).toMatchObject({
      planKind: "split",
      count: 40,
      split: { template: 50, scenario: 30, edge_case: 20 },
      autoConcurrency: true,
      strategy: "stop",
      budget: null,
      model: undefined,
    });
  });
});

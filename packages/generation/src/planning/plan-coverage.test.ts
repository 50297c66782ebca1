import { describe, expect, it, vi } from "vitest";
import { buildCoverageReport } from "./coverage-report.ts";
import { planCoverage } from "./plan-coverage.ts";
import type { PlanEntity, PlannedItem } from "./plan-types.ts";
import { PlanningError } from "./planning-error.ts";
import { allocateTierCounts } from "./tier-allocation.ts";

// Fixture scaffolding from the reference domain; the planner only sees ids and names.
const personas: PlanEntity[] = [
  { id: "p-avoider", name: "Marcus Chen - The Overwhelmed Avoider" },
  { id: "p-anxious", name: "Jennifer Martinez - The Anxious Planner" },
  { id: "p-optimist", name: "David Chen - The Pragmatic Optimist" },
];
const arcs: PlanEntity[] = [
  "Confusion → Clarity",
  "Anxiety → Relief",
  "Frustration → Resolution",
  "Shame → Acceptance",
  "Overwhelm → Confidence",
].map((name, index) => ({ id: `a${index}`, name }));
const topics: PlanEntity[] = [
  "Investment basics",
  "Retirement planning",
  "Debt management",
  "Cash flow",
  "Insurance",
  "Tax strategy",
  "Estate planning",
  "Life transitions",
].map((name, index) => ({ id: `t${index}`, name }));
const edgeCases = [
  { id: "e-crisis", name: "Crisis detection", personaId: "p-anxious", arcId: "a1", topicId: "t7" },
  {
    id: "e-advice",
    name: "Investment advice boundary",
    personaId: "p-avoider",
    arcId: "a0",
    topicId: "t0",
  },
  { id: "e-multi", name: "Multi-issue complexity", personaId: "p-optimist" },
  ...Array.from({ length: 7 }, (_, index) => ({ id: `e-${index}`, name: `Edge ${index}` })),
];
const sourceChunks = [
  { id: "c-retire", title: "401k guide", topicId: "t1" },
  { id: "c-debt", title: "Debt payoff", topicId: "t2" },
  { id: "c-general", title: "Client intake notes" },
];

const hundred = { count: 100, personas, arcs, topics, edgeCases, sourceChunks, seed: "bulk-100" };

const spread = (values: number[]) => Math.max(...values) - Math.min(...values);
const countOf = (items: PlannedItem[], predicate: (item: PlannedItem) => boolean) =>
  items.filter(predicate).length;

describe("planCoverage: the 100-conversation plan", () => {
  const plan = planCoverage(hundred);
  const { report, items } = plan;

  it("splits tiers 70/20/10", () => {
    expect(report.byTier).toEqual({ template: 70, scenario: 20, edge_case: 10 });
    expect(items).toHaveLength(100);
    expect(items.map((item) => item.position)).toEqual([...Array(100).keys()]);
  });

  it("gives the three personas 33/33/34 even though edge cases pin some of them", () => {
    expect(report.byPersona.map((persona) => persona.count).sort()).toEqual([33, 33, 34]);
    expect(report.warnings.filter((warning) => warning.code === "persona_out_of_band")).toEqual([]);
  });

  it("keeps each smaller tier balanced within itself", () => {
    const scenarioCounts = personas.map((persona) =>
      countOf(items, (item) => item.tier === "scenario" && item.personaId === persona.id),
    );
    expect(spread(scenarioCounts)).toBeLessThanOrEqual(1);
  });

  it("covers every topic and arc evenly", () => {
    expect(report.byTopic.every((topic) => topic.count > 0)).toBe(true);
    expect(spread(report.byTopic.map((topic) => topic.count))).toBeLessThanOrEqual(1);
    expect(spread(report.byArc.map((arc) => arc.count))).toBeLessThanOrEqual(1);
  });

  it("does not repeat a persona × arc pairing while another is unused", () => {
    const cells = report.personaArcMatrix.counts.flat();
    expect(cells).toHaveLength(15);
    expect(spread(cells)).toBeLessThanOrEqual(1);
    expect(cells.reduce((sum, cell) => sum + cell, 0)).toBe(100);
  });

  it("uses each pre-defined edge case once, with its own persona, arc and topic", () => {
    const edgeItems = items.filter((item) => item.tier === "edge_case");
    expect(new Set(edgeItems.map((item) => item.edgeCaseId)).size).toBe(10);
    const crisis = edgeItems.find((item) => item.edgeCaseId === "e-crisis");
    expect(crisis).toMatchObject({ personaId: "p-anxious", arcId: "a1", topicId: "t7" });
    const multi = edgeItems.find((item) => item.edgeCaseId === "e-multi");
    expect(multi?.personaId).toBe("p-optimist");
    expect(
      items.filter((item) => item.tier !== "edge_case").every((item) => item.edgeCaseId === null),
    ).toBe(true);
  });

  it("gives every scenario item a source chunk about its topic when one exists", () => {
    const scenario = items.filter((item) => item.tier === "scenario");
    expect(scenario.every((item) => item.sourceChunkId !== null)).toBe(true);
    expect(report.scenarioSourceMatches).toEqual({ matching: 20, withSource: 20 });
    expect(
      items.filter((item) => item.tier !== "scenario").every((item) => item.sourceChunkId === null),
    ).toBe(true);
  });

  it("raises no warnings for a plan with enough scaffolding", () => {
    expect(report.warnings).toEqual([]);
  });
});

describe("planCoverage: determinism", () => {
  it("returns the same plan for the same seed, without Math.random", () => {
    const random = vi.spyOn(Math, "random");
    const first = planCoverage(hundred);
    const second = planCoverage(hundred);
    expect(second).toEqual(first);
    expect(random).not.toHaveBeenCalled();
    random.mockRestore();
  });

  it("returns a different but equally balanced plan for another seed", () => {
    const first = planCoverage(hundred);
    const other = planCoverage({ ...hundred, seed: "another seed" });
    expect(other.items).not.toEqual(first.items);
    expect(other.report.byPersona.map((persona) => persona.count).sort()).toEqual([33, 33, 34]);
  });
});

describe("planCoverage: small and unusual plans", () => {
  it("plans 5 conversations without band warnings a 2/2/1 split cannot avoid", () => {
    const plan = planCoverage({ ...hundred, count: 5 });
    expect(plan.report.byTier).toEqual({ template: 4, scenario: 1, edge_case: 0 });
    expect(plan.report.byPersona.map((persona) => persona.count).sort()).toEqual([1, 2, 2]);
    expect(plan.report.warnings.map((warning) => warning.code)).toEqual(["topic_missing"]);
    expect(plan.report.byArc.every((arc) => arc.count === 1)).toBe(true);
    expect(plan.report.warnings[0]?.message).toContain("5 conversations cannot cover 8 topics");
  });

  it("visits every persona × arc pair even when the counts share a factor (3 × 6)", () => {
    const sixArcs = Array.from({ length: 6 }, (_, index) => ({
      id: `arc${index}`,
      name: `Arc ${index}`,
    }));
    const plan = planCoverage({ ...hundred, count: 36, arcs: sixArcs, tierSplit: { template: 1 } });
    expect(plan.report.personaArcMatrix.counts.flat()).toEqual(Array(18).fill(2));
  });

  it("covers all topics as soon as the count allows", () => {
    const plan = planCoverage({ ...hundred, count: 8, tierSplit: { template: 1 } });
    expect(plan.report.byTopic.every((topic) => topic.count === 1)).toBe(true);
  });

  it("returns an empty plan for 0 conversations, even without scaffolding", () => {
    const plan = planCoverage({ count: 0, personas: [], arcs: [], topics: [], seed: 1 });
    expect(plan.items).toEqual([]);
    expect(plan.report.warnings).toEqual([]);
  });

  it("accepts explicit tier counts", () => {
    const plan = planCoverage({
      ...hundred,
      count: undefined,
      tierCounts: { template: 3, scenario: 2, edge_case: 1 },
    });
    expect(plan.report.byTier).toEqual({ template: 3, scenario: 2, edge_case: 1 });
  });

  it("cycles through the edge cases when more are requested, and says so", () => {
    const plan = planCoverage({
      ...hundred,
      count: 12,
      tierCounts: { edge_case: 12 },
      edgeCases: edgeCases.slice(0, 3),
    });
    const used = plan.items.map((item) => item.edgeCaseId);
    expect(new Set(used).size).toBe(3);
    expect(used.filter((id) => id === "e-crisis")).toHaveLength(4);
    expect(plan.report.warnings).toContainEqual(
      expect.objectContaining({ code: "edge_cases_repeated", blocking: false }),
    );
    expect(
      plan.report.warnings.find((warning) => warning.code === "edge_cases_repeated")?.message,
    ).toContain("Only 3 edge cases are defined for 12 edge-case conversations, so 9 repeat one");
  });

  it("flags edge-case and scenario items that have nothing to be generated from", () => {
    const plan = planCoverage({ ...hundred, edgeCases: [], sourceChunks: [] });
    const blocking = plan.report.warnings
      .filter((warning) => warning.blocking)
      .map((warning) => warning.code);
    expect(blocking).toEqual(["edge_cases_missing", "scenario_without_source"]);
    expect(
      plan.items
        .filter((item) => item.tier === "edge_case")
        .every((item) => item.edgeCaseId === null),
    ).toBe(true);
  });

  it("falls back to a balanced choice when an edge case refers to an unknown persona", () => {
    const plan = planCoverage({
      ...hundred,
      count: 1,
      tierCounts: { edge_case: 1 },
      edgeCases: [{ id: "e", name: "Orphan", personaId: "p-archived" }],
    });
    expect(personas.map((persona) => persona.id)).toContain(plan.items[0]?.personaId);
    expect(plan.report.warnings[0]).toMatchObject({ code: "unknown_reference" });
    expect(plan.report.warnings[0]?.message).toContain(
      'Edge case "Orphan" refers to persona p-archived',
    );
  });
});

describe("planCoverage: refused inputs", () => {
  it("explains a tier split that does not add up to 1", () => {
    expect(() =>
      planCoverage({ ...hundred, tierSplit: { template: 0.6, scenario: 0.2, edge_case: 0.1 } }),
    ).toThrow(
      "The tier split must add up to 1 (100 %), but template 0.6 + scenario 0.2 + edge_case 0.1 = 0.9",
    );
    expect(() =>
      planCoverage({ ...hundred, tierSplit: { template: 1.2, scenario: -0.2 } }),
    ).toThrow(PlanningError);
  });

  it("refuses tier counts that disagree with the count, and both forms at once", () => {
    expect(() => planCoverage({ ...hundred, count: 10, tierCounts: { template: 5 } })).toThrow(
      "The tier counts add up to 5, not the requested 10 conversations",
    );
    expect(() =>
      planCoverage({ ...hundred, tierSplit: { template: 1 }, tierCounts: { template: 100 } }),
    ).toThrow(/either/);
  });

  it("asks for scaffolding before planning", () => {
    expect(() => planCoverage({ ...hundred, personas: [] })).toThrow(
      "Add at least one persona before planning conversations",
    );
    expect(() =>
      planCoverage({ ...hundred, topics: [topics[0] as PlanEntity, topics[0] as PlanEntity] }),
    ).toThrow(/listed twice/);
  });
});

describe("allocateTierCounts (largest remainder)", () => {
  it("always adds up to the total", () => {
    for (let count = 0; count <= 50; count++) {
      const counts = allocateTierCounts(count, { template: 0.7, scenario: 0.2, edge_case: 0.1 });
      expect(counts.template + counts.scenario + counts.edge_case).toBe(count);
    }
  });

  it("gives the leftover items to the largest remainders", () => {
    // 7 × 70/20/10 = 4.9 / 1.4 / 0.7: floors 4/1/0, leftovers to template (.9) and edge_case (.7).
    expect(allocateTierCounts(7, { template: 0.7, scenario: 0.2, edge_case: 0.1 })).toEqual({
      template: 5,
      scenario: 1,
      edge_case: 1,
    });
    expect(allocateTierCounts(3, { template: 1 / 3, scenario: 1 / 3, edge_case: 1 / 3 })).toEqual({
      template: 1,
      scenario: 1,
      edge_case: 1,
    });
  });
});

describe("buildCoverageReport", () => {
  const item = (personaId: string, position: number): PlannedItem => ({
    position,
    tier: "template",
    personaId,
    arcId: "a0",
    topicId: "t0",
    sourceChunkId: null,
    edgeCaseId: null,
  });
  const skewed = [
    ...Array.from({ length: 20 }, (_, index) => item("p-avoider", index)),
    ...Array.from({ length: 40 }, (_, index) => item("p-anxious", 20 + index)),
    ...Array.from({ length: 40 }, (_, index) => item("p-optimist", 60 + index)),
  ];

  it("warns about a persona outside the 25–40 % band", () => {
    const report = buildCoverageReport({
      items: skewed,
      personas,
      arcs,
      topics: topics.slice(0, 1),
    });
    const band = report.warnings.filter((warning) => warning.code === "persona_out_of_band");
    expect(band).toHaveLength(1);
    expect(band[0]?.message).toBe(
      "Persona Marcus Chen - The Overwhelmed Avoider has 20 of 100 conversations (20 %); expected 25 %–40 %",
    );
  });

  it("takes the band as a parameter relative to an even share", () => {
    const report = buildCoverageReport({
      items: skewed,
      personas,
      arcs,
      topics: topics.slice(0, 1),
      personaBand: { min: 0.5, max: 1.5 },
    });
    expect(report.warnings.filter((warning) => warning.code === "persona_out_of_band")).toEqual([]);
  });

  it("fills the persona × arc matrix for a heatmap", () => {
    const report = buildCoverageReport({ items: skewed, personas, arcs, topics });
    expect(report.personaArcMatrix.counts.map((row) => row[0])).toEqual([20, 40, 40]);
    expect(report.personaArcMatrix.arcs.map((arc) => arc.id)).toEqual([
      "a0",
      "a1",
      "a2",
      "a3",
      "a4",
    ]);
  });
});

// A plan's rows checked against the scaffolding, as a person editing a plan file meets it: good
// rows resolve with their names in order, and every bad row is named with its field and reason.
import { describe, expect, it } from "vitest";
import {
  checkPlanRows,
  describePlanProblems,
  type PlanReferences,
  plannedItemsFromRows,
  planRowsFromItems,
} from "./check-plan-rows.ts";
import { planCoverage } from "./plan-coverage.ts";
import { planFileSchema } from "./plan-file.ts";

const references: PlanReferences = {
  personas: [
    { id: "p-marcus", name: "Marcus", retired: false },
    { id: "p-old", name: "Old persona", retired: true },
  ],
  arcs: [{ id: "a-calm", name: "Anxiety to calm", retired: false }],
  topics: [{ id: "t-ret", name: "Retirement", retired: false }],
  edgeCases: [{ id: "e-crisis", name: "Crisis referral", retired: false }],
  sourceChunks: [{ id: "c-pension", name: "Pension rules", retired: false }],
};
const base = { personaId: "p-marcus", arcId: "a-calm", topicId: "t-ret" };

describe("checkPlanRows", () => {
  it("resolves good rows in their order, with the names a person reads", () => {
    const checked = checkPlanRows(
      [
        { tier: "edge_case", ...base, edgeCaseId: "e-crisis" },
        { tier: "template", ...base, persona: "Marcus" },
        { tier: "scenario", ...base, sourceChunkId: "c-pension" },
      ],
      references,
    );
    expect(checked.problems).toEqual([]);
    expect(checked.rows.map((row) => [row.tier, row.edgeCase, row.sourceChunk])).toEqual([
      ["edge_case", "Crisis referral", null],
      ["template", null, null],
      ["scenario", null, "Pension rules"],
    ]);
    expect(checked.rows[0]).toMatchObject({ persona: "Marcus", arc: "Anxiety to calm" });
    expect(plannedItemsFromRows(checked.rows).map((item) => item.position)).toEqual([0, 1, 2]);
  });

  it("names every bad row by number, field and reason, and resolves none", () => {
    const checked = checkPlanRows(
      [
        { tier: "template", ...base },
        { tier: "template", ...base, personaId: "p-nobody" },
        { tier: "template", ...base, personaId: "p-old" },
        { tier: "template", ...base, edgeCaseId: "e-crisis" },
        { tier: "edge_case", ...base },
        { tier: "scenario", ...base },
        { tier: "bonus", ...base },
        { tier: "template", arcId: "a-calm", topicId: "t-ret" },
        { tier: "template", ...base, topic: "Taxes" },
      ],
      references,
    );
    expect(checked.rows).toEqual([]);
    expect(checked.problems.map(({ row, field }) => [row, field])).toEqual([
      [2, "personaId"],
      [3, "personaId"],
      [4, "edgeCaseId"],
      [5, "edgeCaseId"],
      [6, "sourceChunkId"],
      [7, "tier"],
      [8, "personaId"],
      [9, "topicId"],
    ]);
    const message = (row: number) => checked.problems.find((p) => p.row === row)?.message;
    expect(message(2)).toMatch(/no persona of this workspace has this id/);
    expect(message(3)).toMatch(/"Old persona" is archived: restore it/);
    expect(message(4)).toMatch(/only edge_case rows take an edge case, and this is a template row/);
    expect(message(5)).toMatch(/an edge_case row needs an edge case/);
    expect(message(6)).toMatch(/a scenario row needs a source chunk/);
    expect(message(7)).toMatch(/"bonus" is not a tier: use template, scenario, edge_case/);
    expect(message(8)).toMatch(/every row needs a persona/);
    expect(message(9)).toMatch(/named "Taxes" here but its id is "Retirement"'s/);
  });

  it("words the problems as one message, listing at most the limit", () => {
    const problems = checkPlanRows(
      Array.from({ length: 15 }, () => ({ tier: "template", ...base, arcId: "gone" })),
      references,
    ).problems;
    const message = describePlanProblems(problems, { limit: 10 });
    expect(message).toMatch(/^15 rows of the plan cannot be launched/);
    expect(message).toContain("row 10, arcId: no emotional arc of this workspace has this id");
    expect(message).not.toContain("row 11,");
    expect(message).toMatch(/and 5 more problems$/);
  });
});

describe("plan files", () => {
  it("round-trip the planner's plan: written rows read back to the same items", () => {
    const plan = planCoverage({
      count: 12,
      personas: [{ id: "p-marcus", name: "Marcus" }],
      arcs: [{ id: "a-calm", name: "Anxiety to calm" }],
      topics: [{ id: "t-ret", name: "Retirement" }],
      edgeCases: [{ id: "e-crisis", name: "Crisis referral" }],
      sourceChunks: [{ id: "c-pension", title: "Pension rules" }],
      seed: 4,
    });
    const rows = planRowsFromItems(plan.items, references);
    const file = planFileSchema.parse(JSON.parse(JSON.stringify({ version: 1, rows })));
    const checked = checkPlanRows(file.rows, references);
    expect(checked.problems).toEqual([]);
    expect(plannedItemsFromRows(checked.rows)).toEqual(plan.items);
  });

  it("refuses another version, or a plan without rows, saying what to do", () => {
    const wrongVersion = planFileSchema.safeParse({ version: 2, rows: [{ tier: "template" }] });
    expect(wrongVersion.error?.issues[0]?.message).toMatch(/not a version 1 plan file/);
    const empty = planFileSchema.safeParse({ version: 1, rows: [] });
    expect(empty.error?.issues[0]?.message).toMatch(/The plan has no rows/);
  });
});

// Scenario conversations drawn from uploaded documents: a long document must not crowd out the
// short ones, and within a document the chunks are used in turn.
import { describe, expect, it } from "vitest";
import { planCoverage } from "./plan-coverage.ts";
import type { PlanEntity, PlanSourceChunk } from "./plan-types.ts";

const entities = (prefix: string, count: number): PlanEntity[] =>
  Array.from({ length: count }, (_, index) => ({
    id: `${prefix}${index}`,
    name: `${prefix} ${index}`,
  }));

describe("planCoverage with document chunks", () => {
  it("spreads scenario items evenly over documents, then over each document's chunks", () => {
    const sourceChunks: PlanSourceChunk[] = [
      ...Array.from({ length: 10 }, (_, i) => ({ id: `long-${i}`, documentId: "doc-long" })),
      { id: "short-0", documentId: "doc-short" },
      { id: "short-1", documentId: "doc-short" },
      { id: "typed", documentId: null },
    ];
    const plan = planCoverage({
      tierCounts: { template: 0, scenario: 12, edge_case: 0 },
      personas: entities("p", 3),
      arcs: entities("a", 4),
      topics: entities("t", 4),
      sourceChunks,
      seed: 11,
    });
    const chunkIds = plan.items.map((item) => item.sourceChunkId);
    const byDocument = (prefix: string) => chunkIds.filter((id) => id?.startsWith(prefix)).length;
    // Three sources (two documents and one typed chunk) share twelve items: four each.
    expect([byDocument("long-"), byDocument("short-"), byDocument("typed")]).toEqual([4, 4, 4]);
    // Within the long document, four different chunks; within the short one, each chunk twice.
    expect(new Set(chunkIds.filter((id) => id?.startsWith("long-"))).size).toBe(4);
    expect(chunkIds.filter((id) => id === "short-0")).toHaveLength(2);
  });
});

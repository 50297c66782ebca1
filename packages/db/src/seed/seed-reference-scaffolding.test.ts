import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updatePersona } from "../repositories/personas.ts";
import { findActiveScaffolding } from "../repositories/scaffolding.ts";
import { createWorkspace, ensureDefaultWorkspace } from "../repositories/workspaces.ts";
import { createTestDatabase, type TestDatabase } from "../testing/index.ts";
import { seedReferenceScaffolding } from "./seed-reference-scaffolding.ts";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb?.destroy();
});

describe("seedReferenceScaffolding", () => {
  it("seeds the reference domain: consultant, personas, arcs, topics, edge cases, chunks, templates", async () => {
    const { db } = testDb;
    const workspace = await createWorkspace(db, { name: "Reference" });
    const result = await seedReferenceScaffolding(db, { workspaceId: workspace.id });
    expect(result).toEqual({
      personas: 3,
      emotionalArcs: 9,
      trainingTopics: 14,
      edgeCases: 11,
      sourceChunks: 8,
      promptTemplates: 3,
      consultantProfiles: 1,
    });

    const scaffolding = await findActiveScaffolding(db, { workspaceId: workspace.id });
    expect(scaffolding.consultantProfile).toMatchObject({
      name: "Elena Morales, CFP",
      business: "Pathways Financial Planning",
      isDefault: true,
    });
    expect(scaffolding.consultantProfile?.systemPrompt).toContain("988");
    expect(scaffolding.personas.map((p) => p.name).sort()).toEqual([
      "David Chen",
      "Jennifer Martinez",
      "Marcus Chen",
    ]);
    expect(scaffolding.templates.map((t) => t.tier).sort()).toEqual([
      "edge_case",
      "scenario",
      "template",
    ]);
    // Every edge case points at seeded rows of the same workspace.
    const ids = new Set(
      [...scaffolding.personas, ...scaffolding.arcs, ...scaffolding.topics].map((row) => row.id),
    );
    for (const edgeCase of scaffolding.edgeCases) {
      for (const ref of [edgeCase.personaId, edgeCase.arcId, edgeCase.topicId])
        expect(ids.has(ref ?? "")).toBe(true);
    }
    const crisis = scaffolding.edgeCases.find((e) => e.key === "crisis_suicidal_ideation");
    expect(crisis?.expectedBehavior).toContain("988");
    expect(scaffolding.sourceChunks.every((chunk) => chunk.topicId !== null)).toBe(true);
  });

  it("is idempotent and never undoes a user's edit", async () => {
    const { db } = testDb;
    const workspace = await createWorkspace(db, { name: "Twice" });
    await seedReferenceScaffolding(db, { workspaceId: workspace.id });
    const marcus = (await findActiveScaffolding(db, { workspaceId: workspace.id })).personas.find(
      (p) => p.key === "overwhelmed_avoider",
    );
    await updatePersona(db, { workspaceId: workspace.id, id: marcus?.id ?? "", name: "Marcus C." });

    const again = await seedReferenceScaffolding(db, { workspaceId: workspace.id });
    expect(Object.values(again).every((count) => count === 0)).toBe(true);
    const after = await findActiveScaffolding(db, { workspaceId: workspace.id });
    expect(after.personas).toHaveLength(3);
    expect(after.personas.find((p) => p.key === "overwhelmed_avoider")?.name).toBe("Marcus C.");
  });
});

describe("ensureDefaultWorkspace", () => {
  it("creates and seeds the default workspace once, even when called concurrently", async () => {
    const { db } = testDb;
    const results = await Promise.all([
      ensureDefaultWorkspace(db),
      ensureDefaultWorkspace(db),
      ensureDefaultWorkspace(db),
    ]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.workspace.id)).size).toBe(1);
    const scaffolding = await findActiveScaffolding(db, {
      workspaceId: results[0]?.workspace.id ?? "",
    });
    expect(scaffolding.personas).toHaveLength(3);
    expect((await ensureDefaultWorkspace(db)).created).toBe(false);
  });
});

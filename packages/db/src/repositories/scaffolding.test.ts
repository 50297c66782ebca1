import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUniqueViolation } from "../postgres-errors.ts";
import { createTestDatabase, createTestWorkspace, type TestDatabase } from "../testing/index.ts";
import {
  createConsultantProfile,
  findDefaultConsultantProfile,
  retireConsultantProfile,
  setDefaultConsultantProfile,
} from "./consultant-profiles.ts";
import { createEdgeCase } from "./edge-cases.ts";
import { createEmotionalArc } from "./emotional-arcs.ts";
import {
  createPersona,
  findPersonaByKey,
  listPersonas,
  restorePersona,
  retirePersona,
  updatePersona,
} from "./personas.ts";
import {
  activatePromptTemplateVersion,
  createPromptTemplateVersion,
  findPromptTemplateByKey,
  listPromptTemplates,
  listPromptTemplateVersions,
} from "./prompt-templates.ts";
import { findActiveScaffolding } from "./scaffolding.ts";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb?.destroy();
});

describe("scaffolding", () => {
  it("creates, updates, retires and restores a persona; retired ones leave the pickers", async () => {
    const { db } = testDb;
    const workspace = await createTestWorkspace(db);
    const scope = { workspaceId: workspace.id };
    const persona = await createPersona(db, {
      ...scope,
      key: "night_owl",
      name: "Sam",
      traits: ["curious", "skeptical"],
      demographics: { age: 29 },
    });
    expect(persona).toMatchObject({
      traits: ["curious", "skeptical"],
      demographics: { age: 29 },
      archetype: "",
    });

    const updated = await updatePersona(db, {
      ...scope,
      id: persona.id,
      archetype: "The Researcher",
      traits: ["curious"],
    });
    expect(updated).toMatchObject({
      name: "Sam",
      archetype: "The Researcher",
      traits: ["curious"],
    });
    expect(updated?.updatedAt.getTime()).toBeGreaterThanOrEqual(persona.updatedAt.getTime());
    expect(await updatePersona(db, { ...scope, id: persona.id })).toMatchObject({
      archetype: "The Researcher",
    });

    await retirePersona(db, { ...scope, id: persona.id });
    expect(await listPersonas(db, scope)).toEqual([]);
    expect((await findActiveScaffolding(db, scope)).personas).toEqual([]);
    expect(await listPersonas(db, { ...scope, includeRetired: true })).toHaveLength(1);
    expect((await findPersonaByKey(db, { ...scope, key: "night_owl" }))?.retiredAt).toBeInstanceOf(
      Date,
    );

    await restorePersona(db, { ...scope, id: persona.id });
    expect(await listPersonas(db, scope)).toHaveLength(1);

    const duplicate = createPersona(db, { ...scope, key: "night_owl", name: "Other" });
    await expect(duplicate).rejects.toSatisfy((error: unknown) =>
      isUniqueViolation(error, "personas_workspace_id_key_key"),
    );
  });

  it("keeps edge-case references inside the workspace", async () => {
    const { db } = testDb;
    const a = await createTestWorkspace(db, { name: "A" });
    const b = await createTestWorkspace(db, { name: "B" });
    const arcInB = await createEmotionalArc(db, {
      workspaceId: b.id,
      key: "x",
      name: "X",
      startEmotion: "fear",
      endEmotion: "calm",
    });
    await expect(
      createEdgeCase(db, {
        workspaceId: a.id,
        key: "e",
        name: "E",
        expectedBehavior: "…",
        arcId: arcInB.id,
      }),
    ).rejects.toMatchObject({ code: "23503", constraint: "edge_cases_arc_fkey" });
  });

  it("versions prompt templates: a save adds the next version and activates it, rollback reactivates", async () => {
    const { db } = testDb;
    const workspace = await createTestWorkspace(db);
    const scope = { workspaceId: workspace.id };
    const base = { ...scope, key: "intro", name: "Intro", tier: "template" as const };
    const v1 = await createPromptTemplateVersion(db, {
      ...base,
      body: "Hello {{persona_name}}",
      variables: [
        { name: "tone", type: "dropdown", options: ["warm", "direct"], defaultValue: "warm" },
      ],
    });
    // Concurrent saves still get distinct version numbers.
    const [v2, v3] = await Promise.all([
      createPromptTemplateVersion(db, { ...base, body: "Hi {{persona_name}}" }),
      createPromptTemplateVersion(db, { ...base, body: "Hey {{persona_name}}" }),
    ]);
    expect([v1.version, v2.version, v3.version].sort()).toEqual([1, 2, 3]);
    expect(v1.variables).toEqual([
      { name: "tone", type: "dropdown", options: ["warm", "direct"], defaultValue: "warm" },
    ]);

    const active = await findPromptTemplateByKey(db, { ...scope, key: "intro" });
    expect(active?.version).toBe(3);
    expect(await listPromptTemplates(db, scope)).toHaveLength(1);
    expect(
      (await listPromptTemplateVersions(db, { ...scope, key: "intro" })).map((t) => t.version),
    ).toEqual([3, 2, 1]);

    await activatePromptTemplateVersion(db, { ...scope, id: v1.id });
    expect((await findPromptTemplateByKey(db, { ...scope, key: "intro" }))?.body).toBe(
      "Hello {{persona_name}}",
    );
    expect(
      (await findPromptTemplateByKey(db, { ...scope, key: "intro", version: 2 }))?.isActive,
    ).toBe(false);
  });

  it("keeps exactly one default consultant profile", async () => {
    const { db } = testDb;
    const workspace = await createTestWorkspace(db);
    const scope = { workspaceId: workspace.id };
    const first = await createConsultantProfile(db, {
      ...scope,
      key: "first",
      name: "First",
      isDefault: true,
    });
    const second = await createConsultantProfile(db, {
      ...scope,
      key: "second",
      name: "Second",
      isDefault: true,
    });
    expect((await findDefaultConsultantProfile(db, scope))?.id).toBe(second.id);

    await setDefaultConsultantProfile(db, { ...scope, id: first.id });
    expect((await findDefaultConsultantProfile(db, scope))?.id).toBe(first.id);

    await retireConsultantProfile(db, { ...scope, id: first.id });
    // With no default marked, the oldest active profile stands in.
    expect((await findDefaultConsultantProfile(db, scope))?.id).toBe(second.id);
  });
});

// The scaffolding, dashboard and generate routers through the real app router on a real
// Postgres: validation messages per field, key conflicts a user can fix, template versions,
// dashboard numbers after a saved single generation, and the draft refused before it exists.
import { createTestUser, createTestWorkspace } from "@parley/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiCaller, type ApiHarness, openApiHarness } from "../test-support/api-harness.ts";

let harness: ApiHarness;
let api: ApiCaller;

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  harness = await openApiHarness();
  const user = await createTestUser(harness.db, { name: "Sam" });
  const workspace = await createTestWorkspace(harness.db, { seed: true, ownerUserId: user.id });
  api = await harness.callerFor(user, workspace.id);
});

afterAll(async () => {
  await harness?.close();
});

describe("scaffolding router", () => {
  it("creates, edits, retires and restores a persona, with a key derived from the name", async () => {
    const created = await api.scaffolding.personas.create({
      name: "Ana Ruiz",
      traits: ["curious", "careful"],
    });
    expect(created).toMatchObject({
      key: "ana_ruiz",
      traits: ["curious", "careful"],
      retiredAt: null,
    });
    const edited = await api.scaffolding.personas.update({
      id: created.id,
      archetype: "The Saver",
    });
    expect(edited).toMatchObject({ name: "Ana Ruiz", archetype: "The Saver" });

    const conflict = await failure(api.scaffolding.personas.create({ name: "Ana Ruiz" }));
    expect(conflict.code).toBe("CONFLICT");
    expect(conflict.message).toContain('key "ana_ruiz" already exists');

    await api.scaffolding.personas.retire({ id: created.id });
    expect((await api.scaffolding.personas.list()).map((p) => p.id)).not.toContain(created.id);
    const withRetired = await api.scaffolding.personas.list({ includeRetired: true });
    expect(withRetired.find((p) => p.id === created.id)?.retiredAt).toBeInstanceOf(Date);
    await api.scaffolding.personas.restore({ id: created.id });
    expect((await api.scaffolding.personas.list()).map((p) => p.id)).toContain(created.id);
  });

  it("reports each invalid field with a message a user can act on", async () => {
    const error = await failure(
      api.scaffolding.edgeCases.create({ name: " ", expectedBehavior: "" }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("Give the edge case a name");
    expect(error.message).toContain("Say what the consultant must do in this case");
  });

  it("saves each template edit as a new active version and can roll back", async () => {
    const first = await api.scaffolding.templates.create({
      name: "Check-in",
      tier: "template",
      body: "Talk about {{topic}} in a {{style}} way.",
      variables: [
        { name: "style", type: "dropdown", options: ["warm", "blunt"], defaultValue: "warm" },
      ],
    });
    expect(first).toMatchObject({ key: "check_in", version: 1, isActive: true });
    const second = await api.scaffolding.templates.saveVersion({
      key: "check_in",
      name: "Check-in",
      tier: "template",
      body: "Talk about {{topic}}, {{style}}.",
      variables: [{ name: "style", type: "dropdown", options: ["warm", "blunt"] }],
    });
    expect(second).toMatchObject({ version: 2, isActive: true });
    const versions = await api.scaffolding.templates.versions({ key: "check_in" });
    expect(versions.map((v) => [v.version, v.isActive])).toEqual([
      [2, true],
      [1, false],
    ]);
    await api.scaffolding.templates.activate({ id: first.id });
    const active = (await api.scaffolding.templates.list()).find((t) => t.key === "check_in");
    expect(active?.version).toBe(1);

    // A body that uses a variable it does not declare is refused on the body.
    const typo = await failure(
      api.scaffolding.templates.saveVersion({
        key: "check_in",
        name: "Check-in",
        tier: "template",
        body: "Talk about {{stlye}}.",
        variables: [{ name: "style", type: "dropdown", options: ["warm", "blunt"] }],
      }),
    );
    expect(typo.code).toBe("BAD_REQUEST");
    expect(typo.message).toContain("stlye");
  });
});

describe("generate and dashboard routers", () => {
  it("previews with unresolved placeholders, refuses a scenario without a source chunk", async () => {
    const [persona] = await api.scaffolding.personas.list();
    const [arc] = await api.scaffolding.arcs.list();
    const [topic] = await api.scaffolding.topics.list();
    if (!persona || !arc || !topic) throw new Error("seeded workspace");
    const template = await api.scaffolding.templates.create({
      name: "Goal",
      tier: "template",
      body: "{{persona}} wants {{goal}}.",
      variables: [{ name: "goal", type: "text" }],
    });
    const preview = await api.generate.preview({
      templateId: template.id,
      personaId: persona.id,
      values: {},
    });
    expect(preview.text).toBe(`<persona>${persona.name}</persona> wants {{goal}}.`);
    expect(preview.unresolved).toEqual(["goal"]);

    const refused = await failure(
      api.generate.start({
        tier: "scenario",
        personaId: persona.id,
        arcId: arc.id,
        topicId: topic.id,
      }),
    );
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toContain("A scenario conversation needs a source chunk");

    // Queued, not generated: there is no worker in this test, so nothing can be saved yet.
    const { draftId } = await api.generate.start({
      personaId: persona.id,
      arcId: arc.id,
      topicId: topic.id,
      templateId: template.id,
      templateValues: { goal: "a plan" },
    });
    expect((await api.generate.draft({ draftId })).status).toBe("queued");
    expect((await failure(api.generate.save({ draftId }))).code).toBe("CONFLICT");
  });

  it("lists every review status and 30 days of spend", async () => {
    const backlog = await api.dashboard.backlog();
    expect(backlog.map((entry) => entry.status)).toContain("pending_review");
    expect(backlog.every((entry) => entry.count === 0)).toBe(true);
    expect(await api.dashboard.spend()).toHaveLength(30);
    const gaps = await api.dashboard.coverageGaps();
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.every((gap) => gap.approved === 0)).toBe(true);
  });
});

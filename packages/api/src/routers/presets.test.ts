// Saved batch presets over a real Postgres, called as the web app calls them.
import { createTestUser, createTestWorkspace } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, openApiHarness } from "../test-support/api-harness.ts";

let harness: ApiHarness;
beforeAll(async () => {
  harness = await openApiHarness();
});
afterAll(async () => {
  await harness?.close();
});

async function adminOfNewWorkspace(name: string) {
  const user = await createTestUser(harness.db, { email: `${crypto.randomUUID()}@example.com` });
  const workspace = await createTestWorkspace(harness.db, {
    name,
    ownerUserId: user.id,
    seed: true,
  });
  return harness.callerFor(user, workspace.id);
}

const wizard = {
  tierCounts: { template: 3, scenario: 1, edge_case: 1 },
  name: "Weekly UK batch",
  concurrency: 4,
  errorStrategy: "threshold:3",
  priority: "high" as const,
  mode: "message_batches" as const,
  budgetUsd: 12.5,
  qualityThreshold: 8,
  llmJudge: true,
  turnCount: 8,
  parameters: { region: "UK" },
  seed: 42,
};

describe("batch presets", () => {
  it("saves every wizard setting under a name and loads them back (without the seed)", async () => {
    const api = await adminOfNewWorkspace("Presets");
    const saved = await api.presets.save({ name: "Weekly", settings: wizard });
    const loaded = await api.presets.load({ presetId: saved.id });
    const { seed: _seed, ...expected } = wizard;
    expect(loaded.problem).toBeNull();
    expect(loaded.settings).toMatchObject(expected);
    expect(loaded.settings).not.toHaveProperty("seed");
    expect((await api.presets.list()).map((preset) => preset.name)).toEqual(["Weekly"]);
  });

  it("keeps names unique per workspace whatever their case, and says so", async () => {
    const api = await adminOfNewWorkspace("Unique");
    const other = await adminOfNewWorkspace("Elsewhere");
    await api.presets.save({ name: "Nightly", settings: { count: 5 } });
    await expect(api.presets.save({ name: "nightly", settings: { count: 6 } })).rejects.toThrow(
      /A preset named "nightly" already exists/,
    );
    // Another workspace may use the name.
    await expect(
      other.presets.save({ name: "Nightly", settings: { count: 1 } }),
    ).resolves.toMatchObject({ name: "Nightly" });
    expect(await api.presets.list()).toHaveLength(1);
  });

  it("renames, overwrites and deletes", async () => {
    const api = await adminOfNewWorkspace("Rename");
    const preset = await api.presets.save({ name: "Draft", settings: { count: 5 } });
    await api.presets.update({ presetId: preset.id, name: "Final" });
    await api.presets.update({ presetId: preset.id, settings: { count: 9, llmJudge: true } });
    const loaded = await api.presets.load({ presetId: preset.id });
    expect(loaded.preset.name).toBe("Final");
    expect(loaded.settings).toMatchObject({ count: 9, llmJudge: true });
    await api.presets.delete({ presetId: preset.id });
    expect(await api.presets.list()).toEqual([]);
    await expect(api.presets.load({ presetId: preset.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("refuses settings that would not launch, and stores nothing", async () => {
    const api = await adminOfNewWorkspace("Invalid");
    await expect(
      api.presets.save({
        name: "Broken",
        settings: { count: 5, tierCounts: { template: 1, scenario: 0, edge_case: 0 } },
      }),
    ).rejects.toThrow(/either a count or per-tier counts/);
    expect(await api.presets.list()).toEqual([]);
  });

  it("reports a stale preset clearly on load: a model the catalogue no longer has", async () => {
    const api = await adminOfNewWorkspace("Stale");
    const preset = await api.presets.save({
      name: "Old model",
      settings: { count: 3, model: "claude-retired-2024" },
    });
    const loaded = await api.presets.load({ presetId: preset.id });
    expect(loaded.settings).toMatchObject({ count: 3, model: "claude-retired-2024" });
    expect(loaded.problem).toMatch(
      /^The preset "Old model" would not launch as saved: .*claude-retired-2024/,
    );
  });
});

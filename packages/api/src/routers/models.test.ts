// The models router over a real Postgres: every member reads the catalogue; admins set the
// workspace's own prices, which then price estimates; a viewer cannot; a workspace price lets
// an unpriced model be launched without the "cost unknown" confirmation.
import { addMembership } from "@parley/db";
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

async function newWorkspace(name: string) {
  const owner = await createTestUser(harness.db, { email: `${name}-owner@example.com` });
  const viewer = await createTestUser(harness.db, { email: `${name}-viewer@example.com` });
  const workspace = await createTestWorkspace(harness.db, {
    name,
    ownerUserId: owner.id,
    seed: true,
  });
  await addMembership(harness.db, { workspaceId: workspace.id, userId: viewer.id, role: "viewer" });
  return {
    owner: await harness.callerFor(owner, workspace.id),
    viewer: await harness.callerFor(viewer, workspace.id),
  };
}

describe("models", () => {
  it("lists the catalogue with the default, the deprecations and where prices come from", async () => {
    const { viewer } = await newWorkspace("catalogue");
    const catalogue = await viewer.models.list();
    expect(catalogue.defaultModel).toBe("claude-sonnet-5-5");
    expect(catalogue.prices.checkedOn).toBe("2026-12-06");
    expect(catalogue.models.find((model) => model.id === "claude-sonnet-4-5")).toMatchObject({
      lifecycle: "deprecated",
      retiresOn: "2026-11-30",
      priceSource: "published",
    });
  });

  it("lets an admin price a model for the workspace, which then needs no confirmation", async () => {
    const { owner, viewer } = await newWorkspace("prices");
    const launch = { count: 2, model: "claude-mythos-5-2" };
    await expect(owner.batch.preview(launch)).rejects.toThrow(/No price is known/);
    const unpriced = await owner.batch.create({ ...launch, acceptUnknownCost: true });
    expect((await viewer.batch.settings({ batchId: unpriced.id })).costUnknown).toBe(true);
    await expect(
      viewer.models.setWorkspacePrices({
        prices: { "claude-mythos-5-2": { inputPerMTok: 8, outputPerMTok: 40 } },
      }),
    ).rejects.toThrow();

    await owner.models.setWorkspacePrices({
      prices: { "claude-mythos-5-2": { inputPerMTok: 8, outputPerMTok: 40 } },
    });
    const entry = (await viewer.models.list()).models.find(
      (model) => model.id === "claude-mythos-5-2",
    );
    expect(entry).toMatchObject({
      priceSource: "workspace",
      price: { inputPerMTok: 8, outputPerMTok: 40 },
    });
    const preview = await owner.batch.preview(launch);
    expect(preview.estimate.costKnown).toBe(true);
    expect(preview.estimate.total.costUsd).toBeGreaterThan(0);
  });
});

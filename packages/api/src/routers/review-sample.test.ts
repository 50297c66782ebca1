// The review-sample router over a real Postgres, called as the web app calls it: a reviewer
// draws the default 10 % sample and records a verdict (the conversation is approved with it), a
// viewer reads the result but may not draw, and bad input is refused with what to fix.
import { addMembership, createConversation } from "@parley/db";
import { createTestUser, createTestWorkspace } from "@parley/db/testing";
import { CHECKLIST_ITEM_IDS } from "@parley/generation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, openApiHarness } from "../test-support/api-harness.ts";

let harness: ApiHarness;

beforeAll(async () => {
  harness = await openApiHarness();
});
afterAll(async () => {
  await harness?.close();
});

const allPassed = Object.fromEntries(CHECKLIST_ITEM_IDS.map((id) => [id, { passed: true }]));

describe("reviewSample router", () => {
  it("draws, records and reports, with reviewers drawing and viewers reading", async () => {
    const owner = await createTestUser(harness.db, { email: "sampler@example.com" });
    const viewer = await createTestUser(harness.db, { email: "sample-viewer@example.com" });
    const workspace = await createTestWorkspace(harness.db, {
      name: "Samplers",
      seed: true,
      ownerUserId: owner.id,
    });
    await addMembership(harness.db, {
      workspaceId: workspace.id,
      userId: viewer.id,
      role: "viewer",
    });
    const api = await harness.callerFor(owner, workspace.id);
    const readOnly = await harness.callerFor(viewer, workspace.id);
    const batch = await api.batch.create({ count: 1, seed: 1, name: "Sampled batch" });
    for (let index = 0; index < 12; index++) {
      const conversation = await createConversation(harness.db, {
        workspaceId: workspace.id,
        tier: index < 9 ? "template" : "edge_case",
        title: `Sampled ${index}`,
        turns: [
          { role: "user", content: "I keep putting off my pension." },
          { role: "assistant", content: "That is common; let us find a first step." },
        ],
      });
      await harness.db
        .updateTable("conversations")
        .set({ batchId: batch.id })
        .where("id", "=", conversation.id)
        .execute();
    }

    expect(await readOnly.reviewSample.latest({ batchId: batch.id })).toBeNull();
    await expect(readOnly.reviewSample.draw({ batchId: batch.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });

    const sample = await api.reviewSample.draw({ batchId: batch.id, seed: "week-49" });
    // 10 % of 12 rounds up to 2: one template, one edge case.
    expect(sample).toMatchObject({
      seed: "week-49",
      rate: 0.1,
      size: 2,
      createdByName: owner.name,
    });
    expect(sample.items.map((item) => item.tier).sort()).toEqual(["edge_case", "template"]);

    const first = sample.items[0];
    if (!first) throw new Error("expected a sampled conversation");
    const recorded = await api.reviewSample.record({
      batchId: batch.id,
      conversationId: first.conversationId,
      checklist: allPassed,
      verdict: "approved",
    });
    expect(recorded).toMatchObject({ verdict: "approved", conversationStatus: "approved" });
    expect(recorded.reviewerName).toBe(owner.name);

    const latest = await readOnly.reviewSample.latest({ batchId: batch.id });
    expect(latest?.result).toMatchObject({
      reviewed: 1,
      unreviewed: 1,
      approved: 1,
      passRate: 1,
      outcome: "incomplete",
    });
    const history = await readOnly.reviewSample.history({ batchId: batch.id });
    expect(history.map((entry) => entry.seed)).toEqual(["week-49"]);
  });

  it("says what is wrong with a bad request", async () => {
    const owner = await createTestUser(harness.db, { email: "bad-sampler@example.com" });
    const workspace = await createTestWorkspace(harness.db, {
      name: "Bad samplers",
      ownerUserId: owner.id,
    });
    const api = await harness.callerFor(owner, workspace.id);
    const batchId = "00000000-0000-4000-8000-000000000000";
    await expect(api.reviewSample.draw({ batchId, rate: 0.2, size: 5 })).rejects.toThrow(
      /Give a rate or a size, not both/,
    );
    await expect(api.reviewSample.draw({ batchId, rate: 10 })).rejects.toThrow(/share up to 1/);
    await expect(api.reviewSample.draw({ batchId, seed: "no spaces" })).rejects.toThrow(
      /letters, digits/,
    );
    await expect(api.reviewSample.draw({ batchId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const { "brand_voice.asks_permission": _left, ...partial } = allPassed;
    await expect(
      api.reviewSample.record({
        batchId,
        conversationId: batchId,
        checklist: partial,
        verdict: "approved",
      }),
    ).rejects.toThrow(/missing: brand_voice.asks_permission/);
  });
});

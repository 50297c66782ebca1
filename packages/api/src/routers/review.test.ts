// The conversation and review routers over a real Postgres, called the way the web app calls
// them (so every .output() schema is checked against real rows): the filtered list and its
// pages, the detail with its quality breakdown, a single decision, a turn edit, and a bulk
// decision by filter that stays inside the queue and the workspace.
import { createConversation, type NewTurn } from "@parley/db";
import { createTestUser, createTestWorkspace } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, openApiHarness } from "../test-support/api-harness.ts";

let harness: ApiHarness;

async function reviewerOfNewWorkspace(name: string) {
  const user = await createTestUser(harness.db, { email: `${name.toLowerCase()}@example.com` });
  const workspace = await createTestWorkspace(harness.db, { name, ownerUserId: user.id });
  const api = await harness.callerFor(user, workspace.id);
  return { api, workspace, user };
}

const turns: NewTurn[] = [
  {
    role: "user",
    content: "I am worried about my debt.",
    emotion: { primary: "anxiety", intensity: 0.8 },
  },
  {
    role: "assistant",
    content: "That worry makes sense; let us look at it together.",
    emotion: { primary: "calm", intensity: 0.4, secondary: ["warmth"] },
    phase: "validation",
    techniques: ["validation", "reframing"],
  },
];

const metrics = {
  score: 6.2,
  threshold: 7,
  passed: false,
  checks: {
    turnCount: { passed: true, score: 1, detail: "2 turns", severity: "warning" },
    emotionalProgression: {
      passed: false,
      score: 0.3,
      detail: "The client never moves past anxiety",
      severity: "warning",
    },
  },
  breakdown: [
    { check: "turnCount", weight: 0.2, score: 1, points: 2 },
    { check: "emotionalProgression", weight: 0.8, score: 0.3, points: 2.4 },
  ],
  warnings: ["Emotional progression is weak"],
  errors: [],
  flaggedContent: [],
};

beforeAll(async () => {
  harness = await openApiHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe("conversation and review routers", () => {
  it("list, read, decide, edit and bulk-decide, scoped to the workspace", async () => {
    const { api, workspace, user } = await reviewerOfNewWorkspace("Reviewers");
    const { api: other, workspace: theirs } = await reviewerOfNewWorkspace("Others");
    const created = [];
    for (let i = 0; i < 5; i++) {
      created.push(
        await createConversation(harness.db, {
          workspaceId: workspace.id,
          tier: i < 3 ? "scenario" : "template",
          status: i === 4 ? "approved" : "pending_review",
          title: `Debt conversation ${i}`,
          qualityScore: 5 + i,
          qualityMetrics: metrics,
          turns,
        }),
      );
    }
    await createConversation(harness.db, {
      workspaceId: theirs.id,
      tier: "scenario",
      status: "pending_review",
      title: "Debt conversation elsewhere",
      turns,
    });

    // Two pages by quality, best first, and back again.
    const first = await api.conversation.list({
      filters: { search: "debt" },
      sort: { by: "quality", direction: "desc" },
      limit: 3,
    });
    expect(first.total).toBe(5);
    expect(first.items.map((item) => item.qualityScore)).toEqual([9, 8, 7]);
    const second = await api.conversation.list({
      filters: { search: "debt" },
      sort: { by: "quality", direction: "desc" },
      limit: 3,
      cursor: first.nextCursor,
    });
    expect(second.items.map((item) => item.qualityScore)).toEqual([6, 5]);
    expect(second.nextCursor).toBeNull();
    const back = await api.conversation.list({
      filters: { search: "debt" },
      sort: { by: "quality", direction: "desc" },
      limit: 3,
      before: second.prevCursor,
    });
    expect(back.items.map((item) => item.id)).toEqual(first.items.map((item) => item.id));

    const target = created[0];
    if (!target) throw new Error("nothing created");
    const detail = await api.conversation.get({ conversationId: target.id });
    expect(detail.turns[1]).toMatchObject({
      emotion: { primary: "calm", intensity: 0.4, secondary: ["warmth"] },
      phase: "validation",
      techniques: ["validation", "reframing"],
    });
    expect(detail.quality?.composite).toBe(5);
    expect(detail.quality?.checks).toEqual([
      expect.objectContaining({ name: "turnCount", passed: true, weight: 0.2, points: 2 }),
      expect.objectContaining({ name: "emotionalProgression", passed: false, points: 2.4 }),
    ]);

    await api.review.decide({
      conversationId: target.id,
      action: "needs_revision",
      notes: "Warmer",
    });
    await api.conversation.editTurn({
      conversationId: target.id,
      turnNumber: 2,
      content: "That worry makes sense. Shall we list your debts together?",
    });
    const edited = await api.conversation.get({ conversationId: target.id });
    expect(edited.conversation.status).toBe("needs_revision");
    expect(edited.conversation.humanEdited).toBe(true);
    expect(edited.reviews).toEqual([
      expect.objectContaining({ action: "needs_revision", notes: "Warmer", reviewer: user.name }),
    ]);
    expect(edited.edits).toEqual([
      expect.objectContaining({
        turnNumber: 2,
        newContent: "That worry makes sense. Shall we list your debts together?",
        editor: user.name,
      }),
    ]);

    // The queue: pending review and needs revision; the approved one is not in it.
    const queueBefore = await api.review.queue({ filters: { search: "debt" } });
    expect(queueBefore.total).toBe(4);
    const bulk = await api.review.bulk({
      action: "approve",
      notes: "Good enough",
      target: { kind: "filter", filters: { search: "debt", tiers: ["scenario"] } },
    });
    expect(bulk.reviewed).toBe(3);
    const queueAfter = await api.review.queue({ filters: { search: "debt" } });
    expect(queueAfter.items.map((item) => item.title)).toEqual(["Debt conversation 3"]);
    expect((await other.review.queue({})).total).toBe(1);

    // Another workspace's conversation is not found, not reviewable.
    await expect(other.conversation.get({ conversationId: target.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      other.review.decide({ conversationId: target.id, action: "reject" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

// The review workflow against a real Postgres: bulk review by filter and by selection, turn
// edits with emotion history, the list paging backwards, and a regeneration item that links its
// conversation to the one it replaces and archives that one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isRepositoryError } from "../repository-error.ts";
import type { Workspace } from "../schema.ts";
import { sampleTurns, seededWorkspace } from "../testing/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../testing/index.ts";
import { completeItem } from "./batch-items/complete-item.ts";
import { markItemProcessing } from "./batch-items/mark-item-processing.ts";
import { createBatchWithItems, listBatchItems } from "./batches.ts";
import { getConversationDetail } from "./conversation-detail.ts";
import { listConversations } from "./conversation-list.ts";
import { findLatestRegeneration } from "./conversation-regenerations.ts";
import {
  createConversation,
  editConversationTurn,
  findConversation,
  reviewConversation,
} from "./conversations.ts";
import { REVIEW_QUEUE_STATUSES, reviewConversations } from "./review-queue.ts";
import type { ActiveScaffolding } from "./scaffolding.ts";

let testDb: TestDatabase;
let workspace: Workspace;
let other: Workspace;
let scaffolding: ActiveScaffolding;

beforeAll(async () => {
  testDb = await createTestDatabase();
  ({ workspace, scaffolding } = await seededWorkspace(testDb.db));
  ({ workspace: other } = await seededWorkspace(testDb.db, "Other"));
});
afterAll(async () => {
  await testDb?.destroy();
});

async function conversation(
  target: Workspace,
  fields: {
    title: string;
    status?: "generated" | "pending_review" | "approved";
    tier?: "template" | "scenario";
  },
) {
  return createConversation(testDb.db, {
    workspaceId: target.id,
    tier: fields.tier ?? "template",
    status: fields.status ?? "pending_review",
    title: fields.title,
    turns: sampleTurns(4),
  });
}

describe("bulk review", () => {
  it("applies a decision to everything a filter matches, with one history row each", async () => {
    const scenario = await Promise.all(
      [1, 2, 3].map((n) =>
        conversation(workspace, { title: `Bulk scenario ${n}`, tier: "scenario" }),
      ),
    );
    const template = await conversation(workspace, { title: "Bulk template" });
    const approved = await conversation(workspace, {
      title: "Bulk scenario approved",
      tier: "scenario",
      status: "approved",
    });
    const elsewhere = await conversation(other, {
      title: "Bulk scenario elsewhere",
      tier: "scenario",
    });

    const result = await reviewConversations(testDb.db, {
      workspaceId: workspace.id,
      filters: {
        tiers: ["scenario"],
        search: "Bulk scenario",
        statuses: [...REVIEW_QUEUE_STATUSES],
      },
      action: "reject",
      notes: "Off-topic",
      reviewerId: null,
    });
    expect(result.reviewed).toBe(3);

    for (const row of scenario) {
      const detail = await findConversation(testDb.db, {
        workspaceId: workspace.id,
        conversationId: row.id,
      });
      expect(detail?.status).toBe("rejected");
      expect(
        detail?.reviews.map((r) => [r.action, r.previousStatus, r.newStatus, r.notes]),
      ).toEqual([["reject", "pending_review", "rejected", "Off-topic"]]);
    }
    const untouched = await Promise.all(
      [template, approved].map((row) =>
        findConversation(testDb.db, { workspaceId: workspace.id, conversationId: row.id }),
      ),
    );
    expect(untouched.map((row) => row?.status)).toEqual(["pending_review", "approved"]);
    expect(untouched.every((row) => row?.reviews.length === 0)).toBe(true);
    const foreign = await findConversation(testDb.db, {
      workspaceId: other.id,
      conversationId: elsewhere.id,
    });
    expect(foreign?.status).toBe("pending_review");
  });

  it("applies a decision to a selection and skips those already in that status", async () => {
    const a = await conversation(workspace, { title: "Selected A" });
    const b = await conversation(workspace, { title: "Selected B", status: "approved" });
    const c = await conversation(workspace, { title: "Not selected" });
    const result = await reviewConversations(testDb.db, {
      workspaceId: workspace.id,
      filters: { ids: [a.id, b.id], statuses: ["pending_review", "approved"] },
      action: "approve",
    });
    expect(result.reviewed).toBe(1);
    const rows = await Promise.all(
      [a, b, c].map((row) =>
        findConversation(testDb.db, { workspaceId: workspace.id, conversationId: row.id }),
      ),
    );
    expect(rows.map((row) => row?.status)).toEqual(["approved", "approved", "pending_review"]);
    // An empty selection selects nothing rather than everything.
    const none = await reviewConversations(testDb.db, {
      workspaceId: workspace.id,
      filters: { ids: [] },
      action: "reject",
    });
    expect(none.reviewed).toBe(0);
  });
});

describe("turn edits", () => {
  it("keep the previous text and emotion and mark the conversation human-edited", async () => {
    const row = await conversation(workspace, { title: "To edit" });
    await editConversationTurn(testDb.db, {
      workspaceId: workspace.id,
      conversationId: row.id,
      turnNumber: 2,
      content: "A warmer answer.",
      emotion: { primary: "hope", intensity: 0.7, secondary: ["relief"] },
    });
    // Same text and emotion again: nothing to record.
    await editConversationTurn(testDb.db, {
      workspaceId: workspace.id,
      conversationId: row.id,
      turnNumber: 2,
      content: "A warmer answer.",
    });
    const detail = await getConversationDetail(testDb.db, {
      workspaceId: workspace.id,
      conversationId: row.id,
    });
    expect(detail?.conversation.isHumanEdited).toBe(true);
    expect(detail?.conversation.turns[1]?.content).toBe("A warmer answer.");
    expect(detail?.conversation.turns[1]?.emotion).toEqual({
      primary: "hope",
      intensity: 0.7,
      secondary: ["relief"],
    });
    expect(detail?.edits).toHaveLength(1);
    expect(detail?.edits[0]).toMatchObject({
      turnNumber: 2,
      previousContent: "turn 2",
      newContent: "A warmer answer.",
      previousEmotion: { primary: "relief", intensity: 0.5, secondary: [] },
      newEmotion: { primary: "hope", intensity: 0.7, secondary: ["relief"] },
    });
  });

  it("refuse an empty turn and another workspace's conversation", async () => {
    const row = await conversation(workspace, { title: "Guarded" });
    await expect(
      editConversationTurn(testDb.db, {
        workspaceId: workspace.id,
        conversationId: row.id,
        turnNumber: 1,
        content: "   ",
      }),
    ).rejects.toSatisfy((error) => isRepositoryError(error, "invalid_input"));
    await expect(
      editConversationTurn(testDb.db, {
        workspaceId: other.id,
        conversationId: row.id,
        turnNumber: 1,
        content: "Hijacked",
      }),
    ).rejects.toSatisfy((error) => isRepositoryError(error, "not_found"));
  });
});

describe("the conversation list", () => {
  it("pages backwards to exactly the rows it paged forwards over", async () => {
    const options = {
      workspaceId: workspace.id,
      sort: { by: "title" as const, direction: "asc" as const },
      limit: 3,
    };
    const first = await listConversations(testDb.db, options);
    expect(first.prevCursor).toBeNull();
    const second = await listConversations(testDb.db, { ...options, cursor: first.nextCursor });
    expect(second.prevCursor).not.toBeNull();
    const back = await listConversations(testDb.db, { ...options, before: second.prevCursor });
    expect(back.items.map((item) => item.id)).toEqual(first.items.map((item) => item.id));
    expect(back.prevCursor).toBeNull();
    expect(back.nextCursor).not.toBeNull();
  });
});

describe("regeneration", () => {
  it("links the new conversation to the one it replaces, archives that one and keeps the chain", async () => {
    const original = await conversation(workspace, { title: "Version one" });
    await reviewConversation(testDb.db, {
      workspaceId: workspace.id,
      conversationId: original.id,
      action: "needs_revision",
      notes: "Too much jargon",
    });
    const batch = await createBatchWithItems(testDb.db, {
      workspaceId: workspace.id,
      name: "Regenerate",
      items: [
        {
          tier: "template",
          personaId: scaffolding.personas[0]?.id ?? null,
          arcId: scaffolding.arcs[0]?.id ?? null,
          topicId: scaffolding.topics[0]?.id ?? null,
          parameters: { regenerationOf: original.id, note: "Plain words" },
        },
      ],
    });
    const [item] = await listBatchItems(testDb.db, {
      workspaceId: workspace.id,
      batchId: batch.id,
    });
    if (!item) throw new Error("no item");
    expect(
      await findLatestRegeneration(testDb.db, {
        workspaceId: workspace.id,
        conversationId: original.id,
      }),
    ).toMatchObject({
      batchId: batch.id,
      status: "queued",
      conversationId: null,
      note: "Plain words",
    });

    await markItemProcessing(testDb.db, { workspaceId: workspace.id, itemId: item.id });
    const { conversation: replacement } = await completeItem(testDb.db, {
      workspaceId: workspace.id,
      itemId: item.id,
      conversation: { title: "Version two", status: "generated" },
      turns: sampleTurns(4, "plain"),
    });
    expect(replacement.parentId).toBe(original.id);
    expect(replacement.version).toBe(2);

    const old = await getConversationDetail(testDb.db, {
      workspaceId: workspace.id,
      conversationId: original.id,
    });
    expect(old?.conversation.status).toBe("archived");
    expect(old?.regeneration).toMatchObject({
      status: "succeeded",
      conversationId: replacement.id,
    });
    expect(old?.versions.map((v) => [v.version, v.title, v.status])).toEqual([
      [1, "Version one", "archived"],
      [2, "Version two", "generated"],
    ]);
    // The review history stays with the version it was about.
    expect(old?.conversation.reviews.map((r) => r.action)).toEqual(["needs_revision"]);
    const live = await listConversations(testDb.db, {
      workspaceId: workspace.id,
      filters: { search: "Version" },
    });
    expect(live.items.map((row) => row.title)).toEqual(["Version two"]);
  });
});

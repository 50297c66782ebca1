import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleTurns, seededWorkspace } from "../testing/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../testing/index.ts";
import { archiveConversations, restoreConversations } from "./conversation-archive.ts";
import { countConversationsForExport } from "./conversation-export-stream.ts";
import { countConversations, listConversations } from "./conversation-list.ts";
import { createConversation, findConversation } from "./conversations.ts";
import { findReviewBacklog } from "./dashboard-stats.ts";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb?.destroy();
});

async function threeConversations() {
  const { db } = testDb;
  const { workspace } = await seededWorkspace(db);
  const user = await db
    .insertInto("users")
    .values({ id: crypto.randomUUID(), name: "Ada", email: `${crypto.randomUUID()}@example.com` })
    .returning("id")
    .executeTakeFirstOrThrow();
  const make = (status: "approved" | "pending_review", title: string) =>
    createConversation(db, {
      workspaceId: workspace.id,
      tier: "template",
      status,
      title,
      turns: sampleTurns(2),
    });
  const approved = await make("approved", "Kept");
  const pending = await make("pending_review", "Archived one");
  const other = await make("approved", "Archived two");
  return { db, workspace, userId: user.id, approved, pending, other };
}

describe("archiving by hand", () => {
  it("takes conversations out of the list, the counts and exports, records who and when, and restores their status", async () => {
    const { db, workspace, userId, approved, pending, other } = await threeConversations();
    const scope = { workspaceId: workspace.id };

    const archived = await archiveConversations(db, {
      ...scope,
      userId,
      conversationIds: [pending.id, other.id],
    });
    expect(archived.sort()).toEqual([pending.id, other.id].sort());

    const list = await listConversations(db, scope);
    expect(list.items.map((item) => item.id)).toEqual([approved.id]);
    // Asking for the `archived` status shows replaced versions, never these.
    expect(await countConversations(db, { ...scope, filters: { statuses: ["archived"] } })).toBe(0);
    expect(await countConversationsForExport(db, { ...scope, filters: {} })).toBe(1);
    const byStatus = await findReviewBacklog(db, scope);
    expect(byStatus).not.toHaveProperty("pending_review");

    const archivedView = await listConversations(db, {
      ...scope,
      filters: { archivedByHand: true },
    });
    expect(archivedView.items.map((item) => item.id).sort()).toEqual([pending.id, other.id].sort());
    const stored = await findConversation(db, { ...scope, conversationId: pending.id });
    expect(stored).toMatchObject({
      status: "archived",
      archivedFromStatus: "pending_review",
      archivedBy: userId,
    });
    expect(stored?.archivedAt).toBeInstanceOf(Date);

    expect(
      await restoreConversations(db, { ...scope, userId, conversationIds: [pending.id] }),
    ).toEqual([pending.id]);
    const restored = await findConversation(db, { ...scope, conversationId: pending.id });
    expect(restored).toMatchObject({
      status: "pending_review",
      archivedAt: null,
      archivedFromStatus: null,
      restoredBy: userId,
    });
    expect(await countConversations(db, scope)).toBe(2);
  });

  it("archives what a filter matches, and never another workspace's conversations", async () => {
    const { db, workspace, userId, pending } = await threeConversations();
    const stranger = await seededWorkspace(db, "Stranger");
    expect(
      await archiveConversations(db, {
        workspaceId: stranger.workspace.id,
        userId: null,
        conversationIds: [pending.id],
      }),
    ).toEqual([]);
    const archived = await archiveConversations(db, {
      workspaceId: workspace.id,
      userId,
      filters: { statuses: ["pending_review"] },
    });
    expect(archived).toEqual([pending.id]);
    // Restoring something that is not archived by hand changes nothing.
    expect(
      await restoreConversations(db, {
        workspaceId: stranger.workspace.id,
        userId: null,
        conversationIds: [pending.id],
      }),
    ).toEqual([]);
  });
});

// Archiving and restoring conversations over a real Postgres, as the web app calls it.
import { createConversation } from "@parley/db";
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

describe("archive", () => {
  it("takes a conversation out of the list and the review queue, shows who archived it, and restores it", async () => {
    const user = await createTestUser(harness.db, { email: `${crypto.randomUUID()}@example.com` });
    const workspace = await createTestWorkspace(harness.db, {
      name: "Archive",
      ownerUserId: user.id,
    });
    const api = await harness.callerFor(user, workspace.id);
    const make = (title: string) =>
      createConversation(harness.db, {
        workspaceId: workspace.id,
        tier: "template",
        status: "pending_review",
        title,
        turns: [
          { role: "user", content: "Hello" },
          { role: "assistant", content: "Hi" },
        ],
      });
    const kept = await make("Kept");
    const gone = await make("Gone");

    expect(await api.archive.archive({ conversationIds: [gone.id] })).toMatchObject({ count: 1 });
    const list = await api.conversation.list({});
    expect(list.items.map((item) => item.id)).toEqual([kept.id]);
    expect(list.items[0]?.readableId).toBe(kept.readableId);
    expect((await api.review.queue({})).items.map((item) => item.id)).toEqual([kept.id]);

    const archived = await api.archive.list({});
    expect(archived.items.map((item) => item.id)).toEqual([gone.id]);
    expect(archived.total).toBe(1);
    const detail = await api.conversation.get({ conversationId: gone.id });
    expect(detail.conversation.status).toBe("archived");
    expect(detail.conversation.archive).toMatchObject({
      by: user.name,
      fromStatus: "pending_review",
    });

    expect(await api.archive.restore({ conversationIds: [gone.id] })).toMatchObject({ count: 1 });
    expect((await api.conversation.get({ conversationId: gone.id })).conversation).toMatchObject({
      status: "pending_review",
      archive: null,
    });
    expect((await api.archive.list({})).items).toEqual([]);
  });

  it("archives what the list's filters match, within the workspace only", async () => {
    const user = await createTestUser(harness.db, { email: `${crypto.randomUUID()}@example.com` });
    const workspace = await createTestWorkspace(harness.db, {
      name: "Filter",
      ownerUserId: user.id,
    });
    const api = await harness.callerFor(user, workspace.id);
    await createConversation(harness.db, {
      workspaceId: workspace.id,
      tier: "template",
      status: "rejected",
      title: "Rejected one",
      turns: [],
    });
    await createConversation(harness.db, {
      workspaceId: workspace.id,
      tier: "template",
      status: "approved",
      title: "Approved one",
      turns: [],
    });
    const result = await api.archive.archiveMatching({ filters: { statuses: ["rejected"] } });
    expect(result.count).toBe(1);
    expect((await api.conversation.list({})).items.map((item) => item.title)).toEqual([
      "Approved one",
    ]);
  });

  it("resolves a readable id to the conversation, and not another workspace's", async () => {
    const user = await createTestUser(harness.db, { email: `${crypto.randomUUID()}@example.com` });
    const workspace = await createTestWorkspace(harness.db, { name: "Ids", ownerUserId: user.id });
    const stranger = await createTestUser(harness.db, {
      email: `${crypto.randomUUID()}@example.com`,
    });
    const strangerSpace = await createTestWorkspace(harness.db, {
      name: "Stranger",
      ownerUserId: stranger.id,
    });
    const conversation = await createConversation(harness.db, {
      workspaceId: workspace.id,
      tier: "template",
      title: "Findable",
      turns: [],
    });
    const api = await harness.callerFor(user, workspace.id);
    expect(await api.conversation.resolve({ readableId: conversation.readableId })).toEqual({
      conversationId: conversation.id,
    });
    const theirs = await harness.callerFor(stranger, strangerSpace.id);
    await expect(
      theirs.conversation.resolve({ readableId: conversation.readableId }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

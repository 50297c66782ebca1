import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSampleBatch, sampleTurns, seededWorkspace } from "../../testing/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../../testing/index.ts";
import { recountBatch } from "../batch-recount.ts";
import { findBatch, listBatchItems } from "../batches.ts";
import { archiveConversation, createConversation, findConversation } from "../conversations.ts";
import { insertGenerationLog } from "../generation-logs.ts";
import { completeItem } from "./complete-item.ts";
import { markItemProcessing } from "./mark-item-processing.ts";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb?.destroy();
});

describe("completeItem", () => {
  it("stores the conversation and turns, marks the item succeeded and counts it", async () => {
    const { db } = testDb;
    const { workspace, scaffolding } = await seededWorkspace(db);
    const batch = await createSampleBatch(db, { workspace, scaffolding, items: 3 });
    const [item] = await listBatchItems(db, { workspaceId: workspace.id, batchId: batch.id });
    if (!item) throw new Error("no item");
    await markItemProcessing(db, { workspaceId: workspace.id, itemId: item.id });
    await insertGenerationLog(db, {
      workspaceId: workspace.id,
      batchId: batch.id,
      batchItemId: item.id,
      tier: "template",
      model: "claude-sonnet-4-5",
      status: "succeeded",
      costUsd: 0.0421,
    });

    const result = await completeItem(db, {
      workspaceId: workspace.id,
      itemId: item.id,
      conversation: {
        title: "Facing the statements",
        summary: "Marcus opens his mail",
        costUsd: 0.0421,
      },
      turns: sampleTurns(6),
    });

    expect(result.created).toBe(true);
    expect(result.conversation).toMatchObject({
      batchId: batch.id,
      batchItemId: item.id,
      tier: "template",
      personaId: item.personaId,
      status: "generated",
      turnCount: 6,
    });
    const stored = await findConversation(db, {
      workspaceId: workspace.id,
      conversationId: result.conversation.id,
    });
    expect(stored?.turns.map((turn) => turn.content)).toEqual(sampleTurns(6).map((t) => t.content));

    const after = await findBatch(db, { workspaceId: workspace.id, batchId: batch.id });
    expect(after).toMatchObject({
      totalItems: 3,
      queuedItems: 2,
      processingItems: 0,
      succeededItems: 1,
      actualCostUsd: 0.0421,
    });
    const [reloaded] = await listBatchItems(db, { workspaceId: workspace.id, batchId: batch.id });
    expect(reloaded).toMatchObject({
      status: "succeeded",
      conversationId: result.conversation.id,
    });
  });

  it("run twice for the same item (a re-delivered job) keeps one conversation and correct counters", async () => {
    const { db } = testDb;
    const { workspace, scaffolding } = await seededWorkspace(db);
    const batch = await createSampleBatch(db, { workspace, scaffolding, items: 2 });
    const [item] = await listBatchItems(db, { workspaceId: workspace.id, batchId: batch.id });
    if (!item) throw new Error("no item");
    await markItemProcessing(db, { workspaceId: workspace.id, itemId: item.id });

    const complete = (label: string) =>
      completeItem(db, {
        workspaceId: workspace.id,
        itemId: item.id,
        conversation: { title: label },
        turns: sampleTurns(4, label),
      });
    // Concurrently, as two workers would.
    const [first, second] = await Promise.all([complete("first run"), complete("second run")]);
    const third = await complete("third run");

    expect([first.created, second.created].sort()).toEqual([false, true]);
    expect(third.created).toBe(false);
    expect(second.conversation.id).toBe(first.conversation.id);
    expect(third.conversation.id).toBe(first.conversation.id);

    const conversations = await db
      .selectFrom("conversations")
      .select(["id", "title"])
      .where("batchItemId", "=", item.id)
      .execute();
    expect(conversations).toHaveLength(1);
    const turns = await db
      .selectFrom("conversation_turns")
      .select("content")
      .where("conversationId", "=", first.conversation.id)
      .execute();
    expect(turns).toHaveLength(4);

    const counters = await findBatch(db, { workspaceId: workspace.id, batchId: batch.id });
    expect(counters).toMatchObject({
      totalItems: 2,
      queuedItems: 1,
      succeededItems: 1,
      processingItems: 0,
    });
    const recount = await recountBatch(db, { workspaceId: workspace.id, batchId: batch.id });
    expect(recount?.consistent).toBe(true);
  });

  it("rolls everything back when a turn cannot be stored", async () => {
    const { db } = testDb;
    const { workspace, scaffolding } = await seededWorkspace(db);
    const batch = await createSampleBatch(db, { workspace, scaffolding, items: 1 });
    const [item] = await listBatchItems(db, { workspaceId: workspace.id, batchId: batch.id });
    if (!item) throw new Error("no item");
    await markItemProcessing(db, { workspaceId: workspace.id, itemId: item.id });

    await expect(
      completeItem(db, {
        workspaceId: workspace.id,
        itemId: item.id,
        conversation: { title: "broken" },
        turns: [{ role: "narrator" as never, content: "not a role" }],
      }),
    ).rejects.toMatchObject({ code: "23514" });

    expect(
      await db
        .selectFrom("conversations")
        .select("id")
        .where("batchItemId", "=", item.id)
        .execute(),
    ).toEqual([]);
    expect(await findBatch(db, { workspaceId: workspace.id, batchId: batch.id })).toMatchObject({
      processingItems: 1,
      succeededItems: 0,
    });
  });
});

describe("one live conversation per batch item", () => {
  it("the unique partial index rejects a second live conversation but allows one after archiving", async () => {
    const { db } = testDb;
    const { workspace, scaffolding } = await seededWorkspace(db);
    const batch = await createSampleBatch(db, { workspace, scaffolding, items: 1 });
    const [item] = await listBatchItems(db, { workspaceId: workspace.id, batchId: batch.id });
    if (!item) throw new Error("no item");
    const { conversation } = await completeItem(db, {
      workspaceId: workspace.id,
      itemId: item.id,
      conversation: { title: "original" },
      turns: sampleTurns(2),
    });

    const secondLive = () =>
      db
        .insertInto("conversations")
        .values({
          workspaceId: workspace.id,
          batchId: batch.id,
          batchItemId: item.id,
          tier: "template",
          status: "generated",
        })
        .execute();
    await expect(secondLive()).rejects.toMatchObject({
      code: "23505",
      constraint: "conversations_one_live_per_batch_item",
    });

    await archiveConversation(db, { workspaceId: workspace.id, conversationId: conversation.id });
    await expect(secondLive()).resolves.toBeDefined();
  });

  it("a regeneration that replaces its parent takes over the batch item in one step", async () => {
    const { db } = testDb;
    const { workspace, scaffolding } = await seededWorkspace(db);
    const batch = await createSampleBatch(db, { workspace, scaffolding, items: 1 });
    const [item] = await listBatchItems(db, { workspaceId: workspace.id, batchId: batch.id });
    if (!item) throw new Error("no item");
    const { conversation: original } = await completeItem(db, {
      workspaceId: workspace.id,
      itemId: item.id,
      conversation: { title: "v1" },
      turns: sampleTurns(2),
    });

    const regenerated = await createConversation(db, {
      workspaceId: workspace.id,
      tier: "template",
      title: "v2",
      parentId: original.id,
      replaceParent: true,
      turns: sampleTurns(4),
    });

    expect(regenerated).toMatchObject({
      version: 2,
      parentId: original.id,
      batchItemId: item.id,
    });
    const parent = await findConversation(db, {
      workspaceId: workspace.id,
      conversationId: original.id,
    });
    expect(parent?.status).toBe("archived");
    const [reloadedItem] = await listBatchItems(db, {
      workspaceId: workspace.id,
      batchId: batch.id,
    });
    expect(reloadedItem?.conversationId).toBe(regenerated.id);
  });
});

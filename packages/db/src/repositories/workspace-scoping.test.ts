import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Workspace } from "../schema.ts";
import { createSampleBatch, sampleTurns, seededWorkspace } from "../testing/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../testing/index.ts";
import { completeItem } from "./batch-items/complete-item.ts";
import { markItemProcessing } from "./batch-items/mark-item-processing.ts";
import { getBatchProgress } from "./batch-progress.ts";
import { updateBatchStatus } from "./batch-status.ts";
import { findBatch, findBatchItem, listBatches, listBatchItems } from "./batches.ts";
import { streamConversationsForExport } from "./conversation-export-stream.ts";
import { listConversations } from "./conversation-list.ts";
import {
  archiveConversation,
  editConversationTurn,
  findConversation,
  reviewConversation,
} from "./conversations.ts";
import { createExport, findExport, listExports } from "./exports.ts";
import { insertGenerationLog, listGenerationLogs } from "./generation-logs.ts";
import { findPersona, listPersonas, retirePersona, updatePersona } from "./personas.ts";
import { findActiveScaffolding } from "./scaffolding.ts";

let testDb: TestDatabase;
let mine: Workspace;
let theirs: Workspace;
let theirBatchId: string;
let theirItemId: string;
let theirConversationId: string;
let theirPersonaId: string;
let theirExportId: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const { db } = testDb;
  ({ workspace: mine } = await seededWorkspace(db, "Mine"));
  const other = await seededWorkspace(db, "Theirs");
  theirs = other.workspace;
  const batch = await createSampleBatch(db, { ...other, items: 2 });
  theirBatchId = batch.id;
  const [item] = await listBatchItems(db, { workspaceId: theirs.id, batchId: batch.id });
  if (!item) throw new Error("no item");
  theirItemId = item.id;
  const { conversation } = await completeItem(db, {
    workspaceId: theirs.id,
    itemId: item.id,
    conversation: { title: "Their conversation" },
    turns: sampleTurns(2),
  });
  theirConversationId = conversation.id;
  theirPersonaId = other.scaffolding.personas[0]?.id ?? "";
  await insertGenerationLog(db, {
    workspaceId: theirs.id,
    batchId: batch.id,
    model: "m",
    status: "succeeded",
  });
  theirExportId = (await createExport(db, { workspaceId: theirs.id, format: "messages" })).id;
});
afterAll(async () => {
  await testDb?.destroy();
});

describe("another workspace's rows", () => {
  it("are invisible to reads", async () => {
    const { db } = testDb;
    const scope = { workspaceId: mine.id };
    expect(await findBatch(db, { ...scope, batchId: theirBatchId })).toBeUndefined();
    expect(await getBatchProgress(db, { ...scope, batchId: theirBatchId })).toBeUndefined();
    expect(await listBatchItems(db, { ...scope, batchId: theirBatchId })).toEqual([]);
    expect(await findBatchItem(db, { ...scope, itemId: theirItemId })).toBeUndefined();
    expect((await listBatches(db, scope)).batches).toEqual([]);
    expect(
      await findConversation(db, { ...scope, conversationId: theirConversationId }),
    ).toBeUndefined();
    expect((await listConversations(db, scope)).items).toEqual([]);
    const streamed: unknown[] = [];
    for await (const row of streamConversationsForExport(db, scope)) streamed.push(row);
    expect(streamed).toEqual([]);
    expect(await findPersona(db, { ...scope, id: theirPersonaId })).toBeUndefined();
    expect((await listPersonas(db, scope)).map((p) => p.id)).not.toContain(theirPersonaId);
    const mineScaffolding = await findActiveScaffolding(db, scope);
    expect(mineScaffolding.personas.every((p) => p.workspaceId === mine.id)).toBe(true);
    expect(await listGenerationLogs(db, { ...scope, batchId: theirBatchId })).toEqual([]);
    expect(await findExport(db, { ...scope, exportId: theirExportId })).toBeUndefined();
    expect((await listExports(db, scope)).exports).toEqual([]);
  });

  it("cannot be changed", async () => {
    const { db } = testDb;
    const scope = { workspaceId: mine.id };
    expect(await markItemProcessing(db, { ...scope, itemId: theirItemId })).toMatchObject({
      claimed: false,
      reason: "not_found",
    });
    expect(
      await updateBatchStatus(db, { ...scope, batchId: theirBatchId, status: "cancelled" }),
    ).toBeUndefined();
    await expect(
      completeItem(db, { ...scope, itemId: theirItemId, conversation: {}, turns: sampleTurns(2) }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(
      await archiveConversation(db, { ...scope, conversationId: theirConversationId }),
    ).toBeUndefined();
    await expect(
      reviewConversation(db, { ...scope, conversationId: theirConversationId, action: "approve" }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      editConversationTurn(db, {
        ...scope,
        conversationId: theirConversationId,
        turnNumber: 1,
        content: "hijacked",
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(
      await updatePersona(db, { ...scope, id: theirPersonaId, name: "Renamed" }),
    ).toBeUndefined();
    expect(await retirePersona(db, { ...scope, id: theirPersonaId })).toBeUndefined();

    const untouched = await findConversation(db, {
      workspaceId: theirs.id,
      conversationId: theirConversationId,
    });
    expect(untouched).toMatchObject({ status: "generated", title: "Their conversation" });
    expect(untouched?.turns[0]?.content).toBe("turn 1");
    expect(await findPersona(db, { workspaceId: theirs.id, id: theirPersonaId })).toMatchObject({
      retiredAt: null,
    });
  });
});

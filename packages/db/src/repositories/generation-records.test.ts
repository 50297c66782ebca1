import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSampleBatch, sampleTurns, seededWorkspace } from "../testing/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../testing/index.ts";
import { completeItem } from "./batch-items/complete-item.ts";
import { findBatch, listBatchItems } from "./batches.ts";
import {
  createConversation,
  editConversationTurn,
  findConversation,
  listTurnEdits,
  reviewConversation,
} from "./conversations.ts";
import {
  completeExport,
  createExport,
  failExport,
  findExport,
  listExports,
  markExportRunning,
  updateExportProgress,
} from "./exports.ts";
import {
  getTokenAveragesByTier,
  insertGenerationLog,
  listGenerationLogs,
} from "./generation-logs.ts";
import {
  createProviderBatch,
  findItemByCustomId,
  listOpenProviderBatches,
  updateProviderBatch,
} from "./provider-batches.ts";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb?.destroy();
});

describe("generation logs", () => {
  it("add every call's cost to its batch and link the item's calls to the conversation", async () => {
    const { db } = testDb;
    const { workspace, scaffolding } = await seededWorkspace(db);
    const batch = await createSampleBatch(db, { workspace, scaffolding, items: 1 });
    const [item] = await listBatchItems(db, { workspaceId: workspace.id, batchId: batch.id });
    if (!item) throw new Error("no item");
    const call = {
      workspaceId: workspace.id,
      batchId: batch.id,
      batchItemId: item.id,
      tier: "template" as const,
      model: "claude-sonnet-4-5",
    };
    await insertGenerationLog(db, {
      ...call,
      attempt: 1,
      status: "failed",
      errorCode: "malformed_output",
      rawText: "{oops",
      costUsd: 0.01,
    });
    await insertGenerationLog(db, {
      ...call,
      attempt: 2,
      status: "succeeded",
      costUsd: 0.03,
      request: { messages: [1, 2] },
    });
    expect(
      (await findBatch(db, { workspaceId: workspace.id, batchId: batch.id }))?.actualCostUsd,
    ).toBeCloseTo(0.04, 6);

    const { conversation } = await completeItem(db, {
      workspaceId: workspace.id,
      itemId: item.id,
      conversation: {},
      turns: sampleTurns(2),
    });
    const logs = await listGenerationLogs(db, {
      workspaceId: workspace.id,
      conversationId: conversation.id,
    });
    expect(logs.map((log) => [log.attempt, log.status])).toEqual([
      [2, "succeeded"],
      [1, "failed"],
    ]);
    expect(logs[1]?.rawText).toBe("{oops");
    expect(logs[0]?.request).toEqual({ messages: [1, 2] });
  });

  it("average tokens per tier over successful, real calls", async () => {
    const { db } = testDb;
    const { workspace } = await seededWorkspace(db);
    const log = (
      tier: "template" | "scenario",
      input: number,
      output: number,
      extra: object = {},
    ) =>
      insertGenerationLog(db, {
        workspaceId: workspace.id,
        tier,
        model: "m",
        status: "succeeded",
        inputTokens: input,
        outputTokens: output,
        durationMs: 1000,
        ...extra,
      });
    await log("template", 1000, 3000);
    await log("template", 2000, 5000);
    await log("scenario", 4000, 6000);
    await log("template", 999_999, 999_999, { status: "failed" });
    await log("template", 999_999, 999_999, { simulated: true });

    expect(await getTokenAveragesByTier(db, { workspaceId: workspace.id })).toEqual([
      expect.objectContaining({
        tier: "scenario",
        calls: 1,
        avgInputTokens: 4000,
        avgOutputTokens: 6000,
      }),
      expect.objectContaining({
        tier: "template",
        calls: 2,
        avgInputTokens: 1500,
        avgOutputTokens: 4000,
        avgDurationMs: 1000,
      }),
    ]);
  });
});

describe("reviews and edits", () => {
  it("record who decided what, and keep the text a human replaced", async () => {
    const { db } = testDb;
    const { workspace } = await seededWorkspace(db);
    const scope = { workspaceId: workspace.id };
    const conversation = await createConversation(db, {
      ...scope,
      tier: "template",
      turns: sampleTurns(4),
    });

    await reviewConversation(db, {
      ...scope,
      conversationId: conversation.id,
      action: "needs_revision",
      notes: "Turn 2 lectures",
    });
    await editConversationTurn(db, {
      ...scope,
      conversationId: conversation.id,
      turnNumber: 2,
      content: "That sounds exhausting. Want to start small?",
    });
    const { conversation: approved } = await reviewConversation(db, {
      ...scope,
      conversationId: conversation.id,
      action: "approve",
    });

    expect(approved.status).toBe("approved");
    const detail = await findConversation(db, { ...scope, conversationId: conversation.id });
    expect(detail?.isHumanEdited).toBe(true);
    expect(detail?.turns[1]?.content).toBe("That sounds exhausting. Want to start small?");
    expect(detail?.reviews.map((r) => [r.action, r.previousStatus, r.newStatus])).toEqual([
      ["needs_revision", "generated", "needs_revision"],
      ["approve", "needs_revision", "approved"],
    ]);
    expect(
      (await listTurnEdits(db, { ...scope, conversationId: conversation.id })).map(
        (e) => e.previousContent,
      ),
    ).toEqual(["turn 2"]);
  });
});

describe("exports", () => {
  it("go from queued through running to completed, or to failed with a reason", async () => {
    const { db } = testDb;
    const { workspace } = await seededWorkspace(db);
    const scope = { workspaceId: workspace.id };
    const created = await createExport(db, {
      ...scope,
      format: "training_pairs",
      filters: { statuses: ["approved"] },
    });
    expect(created).toMatchObject({
      status: "queued",
      progress: 0,
      filters: { statuses: ["approved"] },
    });

    await markExportRunning(db, { ...scope, exportId: created.id });
    await updateExportProgress(db, { ...scope, exportId: created.id, progress: 0.5, rowCount: 50 });
    const done = await completeExport(db, {
      ...scope,
      exportId: created.id,
      rowCount: 100,
      bytes: 17_500_000,
      sha256: "a".repeat(64),
      location: "exports/ei-100.jsonl",
      includesSimulated: true,
    });
    expect(done).toMatchObject({
      status: "completed",
      progress: 1,
      rowCount: 100,
      bytes: 17_500_000,
      includesSimulated: true,
    });
    expect(await failExport(db, { ...scope, exportId: created.id, error: "late" })).toBeUndefined();

    const failing = await createExport(db, { ...scope, format: "parquet" });
    await failExport(db, {
      ...scope,
      exportId: failing.id,
      error: "Disk full: free 200 MB and retry",
    });
    expect(await findExport(db, { ...scope, exportId: failing.id })).toMatchObject({
      status: "failed",
      error: "Disk full: free 200 MB and retry",
    });
    expect((await listExports(db, scope)).exports.map((e) => e.id)).toEqual([
      failing.id,
      created.id,
    ]);
  });
});

describe("provider batches", () => {
  it("claim only queued items and map results back by custom_id", async () => {
    const { db } = testDb;
    const { workspace, scaffolding } = await seededWorkspace(db);
    const batch = await createSampleBatch(db, { workspace, scaffolding, items: 3 });
    const scope = { workspaceId: workspace.id };
    const items = await listBatchItems(db, { ...scope, batchId: batch.id });
    const [cancelled] = items;
    await db
      .updateTable("batch_items")
      .set({ status: "cancelled" })
      .where("id", "=", cancelled?.id ?? "")
      .execute();

    const { providerBatch, items: claimed } = await createProviderBatch(db, {
      ...scope,
      batchId: batch.id,
      requests: items.map((item) => ({ itemId: item.id, customId: `item-${item.position}` })),
    });
    expect(claimed.map((item) => item.position)).toEqual([1, 2]);
    expect(providerBatch).toMatchObject({ status: "submitting", requestCount: 2 });
    expect(await findBatch(db, { ...scope, batchId: batch.id })).toMatchObject({
      processingItems: 2,
      cancelledItems: 1,
      queuedItems: 0,
    });

    await updateProviderBatch(db, {
      ...scope,
      id: providerBatch.id,
      providerBatchId: "msgbatch_01",
      status: "in_progress",
      submittedAt: new Date(),
    });
    expect((await listOpenProviderBatches(db)).map((b) => b.providerBatchId)).toContain(
      "msgbatch_01",
    );
    const found = await findItemByCustomId(db, {
      ...scope,
      providerBatchId: providerBatch.id,
      customId: "item-2",
    });
    expect(found?.id).toBe(items[2]?.id);
  });
});

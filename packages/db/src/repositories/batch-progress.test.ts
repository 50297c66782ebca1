import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSampleBatch, seededWorkspace } from "../testing/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../testing/index.ts";
import { getBatchProgress } from "./batch-progress.ts";
import { insertGenerationLog } from "./generation-logs.ts";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb?.destroy();
});

describe("getBatchProgress output tokens", () => {
  it("sums the output tokens of every provider call of the batch, and no other batch's", async () => {
    const { db } = testDb;
    const { workspace, scaffolding } = await seededWorkspace(db);
    const batch = await createSampleBatch(db, { workspace, scaffolding, items: 2 });
    const other = await createSampleBatch(db, { workspace, scaffolding, items: 1 });
    const log = { workspaceId: workspace.id, model: "claude-sonnet-4-5" };
    await insertGenerationLog(db, {
      ...log,
      batchId: batch.id,
      outputTokens: 700,
      status: "succeeded",
    });
    await insertGenerationLog(db, {
      ...log,
      batchId: batch.id,
      outputTokens: 50,
      status: "succeeded",
      purpose: "judge",
    });
    await insertGenerationLog(db, { ...log, batchId: batch.id, outputTokens: 0, status: "failed" });
    await insertGenerationLog(db, {
      ...log,
      batchId: other.id,
      outputTokens: 999,
      status: "succeeded",
    });

    const progress = await getBatchProgress(db, { workspaceId: workspace.id, batchId: batch.id });
    expect(progress?.outputTokens).toBe(750);
  });

  it("is zero before any call", async () => {
    const { db } = testDb;
    const { workspace, scaffolding } = await seededWorkspace(db);
    const batch = await createSampleBatch(db, { workspace, scaffolding, items: 1 });
    const progress = await getBatchProgress(db, { workspaceId: workspace.id, batchId: batch.id });
    expect(progress?.outputTokens).toBe(0);
  });
});

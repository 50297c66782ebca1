import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isRepositoryError } from "../repository-error.ts";
import { createSampleBatch, sampleTurns, seededWorkspace } from "../testing/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../testing/index.ts";
import { completeItem } from "./batch-items/complete-item.ts";
import { failItem } from "./batch-items/fail-item.ts";
import { markItemProcessing } from "./batch-items/mark-item-processing.ts";
import { requeueItems } from "./batch-items/requeue-items.ts";
import { getBatchProgress } from "./batch-progress.ts";
import { recountBatch } from "./batch-recount.ts";
import { cancelBatch, completeBatchIfFinished, updateBatchStatus } from "./batch-status.ts";
import { findBatch, listBatches, listBatchItems } from "./batches.ts";
import { insertGenerationLog } from "./generation-logs.ts";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb?.destroy();
});

describe("createBatchWithItems", () => {
  it("creates the items in plan order with the counters already set", async () => {
    const { db } = testDb;
    const { workspace, scaffolding } = await seededWorkspace(db);
    const batch = await createSampleBatch(db, { workspace, scaffolding, items: 7 });
    expect(batch).toMatchObject({
      status: "queued",
      totalItems: 7,
      queuedItems: 7,
      succeededItems: 0,
    });
    const items = await listBatchItems(db, { workspaceId: workspace.id, batchId: batch.id });
    expect(items.map((item) => item.position)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(items[3]?.parameters).toEqual({ sequence: 4 });
  });

  it("refuses an item that references another workspace's persona, and creates nothing", async () => {
    const { db } = testDb;
    const mine = await seededWorkspace(db, "Mine");
    const theirs = await seededWorkspace(db, "Theirs");
    const foreignPersona = theirs.scaffolding.personas[0]?.id;
    await expect(
      createSampleBatch(db, {
        workspace: mine.workspace,
        scaffolding: {
          ...mine.scaffolding,
          personas: [{ ...mine.scaffolding.personas[0], id: foreignPersona } as never],
        },
        items: 2,
      }),
    ).rejects.toMatchObject({ code: "23503", constraint: "batch_items_persona_fkey" });
    const { batches } = await listBatches(db, { workspaceId: mine.workspace.id });
    expect(batches).toEqual([]);
  });
});

describe("the item lifecycle", () => {
  it("starts no more items at once than the batch's concurrency, but takes over a stale one", async () => {
    const { db } = testDb;
    const { workspace, scaffolding } = await seededWorkspace(db);
    const batch = await createSampleBatch(db, { workspace, scaffolding, items: 4, concurrency: 2 });
    const items = await listBatchItems(db, { workspaceId: workspace.id, batchId: batch.id });
    const claim = (itemId: string) =>
      markItemProcessing(db, {
        workspaceId: workspace.id,
        itemId,
        withinConcurrency: true,
        reclaimStartedBefore: new Date(Date.now() + 60_000),
      });
    // Four claims at the same moment: two slots.
    const claims = await Promise.all(items.map((item) => claim(item.id)));
    expect(claims.filter((c) => c.claimed)).toHaveLength(2);
    expect(claims.filter((c) => !c.claimed).map((c) => !c.claimed && c.reason)).toEqual([
      "at_capacity",
      "at_capacity",
    ]);
    // A processing item whose job was redelivered still gets its slot back.
    const stale = claims.find((c) => c.claimed);
    if (!stale?.claimed) throw new Error("nothing claimed");
    expect((await claim(stale.item.id)).claimed).toBe(true);
    expect(
      (await findBatch(db, { workspaceId: workspace.id, batchId: batch.id }))?.processingItems,
    ).toBe(2);
  });

  it("claims only queued items of a running batch, once", async () => {
    const { db } = testDb;
    const { workspace, scaffolding } = await seededWorkspace(db);
    const batch = await createSampleBatch(db, { workspace, scaffolding, items: 2 });
    const [first, second] = await listBatchItems(db, {
      workspaceId: workspace.id,
      batchId: batch.id,
    });
    if (!first || !second) throw new Error("no items");

    const claims = await Promise.all([
      markItemProcessing(db, { workspaceId: workspace.id, itemId: first.id }),
      markItemProcessing(db, { workspaceId: workspace.id, itemId: first.id }),
    ]);
    expect(claims.filter((claim) => claim.claimed)).toHaveLength(1);
    expect(claims.find((claim) => !claim.claimed)).toMatchObject({ reason: "not_queued" });

    const running = await findBatch(db, { workspaceId: workspace.id, batchId: batch.id });
    expect(running?.status).toBe("processing");
    expect(running?.startedAt).toBeInstanceOf(Date);
    expect(running).toMatchObject({ queuedItems: 1, processingItems: 1 });

    await updateBatchStatus(db, {
      workspaceId: workspace.id,
      batchId: batch.id,
      status: "paused",
      pauseReason: "budget cap",
    });
    const whilePaused = await markItemProcessing(db, {
      workspaceId: workspace.id,
      itemId: second.id,
    });
    expect(whilePaused).toMatchObject({
      claimed: false,
      reason: "batch_not_running",
      batchStatus: "paused",
    });

    const unknown = await markItemProcessing(db, {
      workspaceId: workspace.id,
      itemId: crypto.randomUUID(),
    });
    expect(unknown).toMatchObject({ claimed: false, reason: "not_found" });
  });

  it("lets a re-delivered job take over an item whose worker died, and counts the attempt", async () => {
    const { db } = testDb;
    const { workspace, scaffolding } = await seededWorkspace(db);
    const batch = await createSampleBatch(db, { workspace, scaffolding, items: 1 });
    const [item] = await listBatchItems(db, { workspaceId: workspace.id, batchId: batch.id });
    if (!item) throw new Error("no item");
    await markItemProcessing(db, { workspaceId: workspace.id, itemId: item.id });

    const tooEarly = await markItemProcessing(db, {
      workspaceId: workspace.id,
      itemId: item.id,
      reclaimStartedBefore: new Date(Date.now() - 60_000),
    });
    expect(tooEarly.claimed).toBe(false);
    const reclaimed = await markItemProcessing(db, {
      workspaceId: workspace.id,
      itemId: item.id,
      reclaimStartedBefore: new Date(Date.now() + 1_000),
    });
    expect(reclaimed).toMatchObject({ claimed: true, item: { attempts: 2, status: "processing" } });
    expect(await findBatch(db, { workspaceId: workspace.id, batchId: batch.id })).toMatchObject({
      processingItems: 1,
      totalItems: 1,
    });
  });

  it("fails, requeues and retries items with the counters following every move", async () => {
    const { db } = testDb;
    const { workspace, scaffolding } = await seededWorkspace(db);
    const batch = await createSampleBatch(db, { workspace, scaffolding, items: 3 });
    const scope = { workspaceId: workspace.id, batchId: batch.id };
    const [a, b, c] = await listBatchItems(db, scope);
    if (!a || !b || !c) throw new Error("no items");

    for (const item of [a, b, c])
      await markItemProcessing(db, { workspaceId: workspace.id, itemId: item.id });
    await failItem(db, {
      workspaceId: workspace.id,
      itemId: a.id,
      error: "The model returned malformed JSON",
      errorCode: "malformed_output",
    });
    await failItem(db, {
      workspaceId: workspace.id,
      itemId: b.id,
      error: "Rate limited",
      errorCode: "rate_limited",
      requeue: true,
    });
    await completeItem(db, {
      workspaceId: workspace.id,
      itemId: c.id,
      conversation: { title: "ok" },
      turns: sampleTurns(2),
    });
    // A late failure report for an item that succeeded changes nothing.
    expect(
      await failItem(db, { workspaceId: workspace.id, itemId: c.id, error: "late" }),
    ).toBeUndefined();

    expect(await findBatch(db, scope)).toMatchObject({
      queuedItems: 1,
      processingItems: 0,
      failedItems: 1,
      succeededItems: 1,
    });
    const progress = await getBatchProgress(db, scope);
    expect(progress?.recentErrors).toEqual([
      expect.objectContaining({
        itemId: a.id,
        errorCode: "malformed_output",
        message: "The model returned malformed JSON",
        attempts: 1,
      }),
    ]);

    expect(await requeueItems(db, { ...scope, statuses: ["failed"] })).toBe(1);
    expect(await findBatch(db, scope)).toMatchObject({
      queuedItems: 2,
      failedItems: 0,
      succeededItems: 1,
    });
    expect((await recountBatch(db, scope))?.consistent).toBe(true);
  });

  it("finishes a batch when nothing is left, as failed when nothing succeeded", async () => {
    const { db } = testDb;
    const { workspace, scaffolding } = await seededWorkspace(db);
    const good = await createSampleBatch(db, { workspace, scaffolding, items: 2 });
    const bad = await createSampleBatch(db, { workspace, scaffolding, items: 1 });

    const [g1, g2] = await listBatchItems(db, { workspaceId: workspace.id, batchId: good.id });
    const [b1] = await listBatchItems(db, { workspaceId: workspace.id, batchId: bad.id });
    if (!g1 || !g2 || !b1) throw new Error("no items");
    for (const item of [g1, g2, b1])
      await markItemProcessing(db, { workspaceId: workspace.id, itemId: item.id });
    await completeItem(db, {
      workspaceId: workspace.id,
      itemId: g1.id,
      conversation: {},
      turns: sampleTurns(2),
    });
    expect(
      await completeBatchIfFinished(db, { workspaceId: workspace.id, batchId: good.id }),
    ).toBeUndefined();
    await failItem(db, { workspaceId: workspace.id, itemId: g2.id, error: "x" });
    await failItem(db, { workspaceId: workspace.id, itemId: b1.id, error: "x" });

    expect(
      await completeBatchIfFinished(db, { workspaceId: workspace.id, batchId: good.id }),
    ).toMatchObject({ status: "completed" });
    const failed = await completeBatchIfFinished(db, {
      workspaceId: workspace.id,
      batchId: bad.id,
    });
    expect(failed).toMatchObject({ status: "failed" });
    expect(failed?.completedAt).toBeInstanceOf(Date);
  });

  it("cancels a batch together with its queued items, and refuses to restart it", async () => {
    const { db } = testDb;
    const { workspace, scaffolding } = await seededWorkspace(db);
    const batch = await createSampleBatch(db, { workspace, scaffolding, items: 4 });
    const scope = { workspaceId: workspace.id, batchId: batch.id };
    const [first] = await listBatchItems(db, scope);
    if (!first) throw new Error("no item");
    await markItemProcessing(db, { workspaceId: workspace.id, itemId: first.id });

    const cancelled = await cancelBatch(db, scope);
    expect(cancelled).toMatchObject({
      status: "cancelled",
      cancelledItems: 3,
      processingItems: 1,
    });

    const restart = updateBatchStatus(db, { ...scope, status: "processing" });
    await expect(restart).rejects.toSatisfy((error: unknown) =>
      isRepositoryError(error, "invalid_transition"),
    );
  });
});

describe("getBatchProgress", () => {
  it("reports a 10 000-item batch quickly", async () => {
    const { db } = testDb;
    const { workspace, scaffolding } = await seededWorkspace(db);
    const batch = await createSampleBatch(db, { workspace, scaffolding, items: 10_000 });
    const scope = { workspaceId: workspace.id, batchId: batch.id };
    // A realistic mid-run mix: 6 000 succeeded with timings, 300 failed, 10 processing.
    await sql`
      update batch_items set
        status = case when position < 6000 then 'succeeded' when position < 6300 then 'failed' else 'processing' end,
        started_at = now() - interval '90 seconds',
        finished_at = case when position < 6300 then now() - interval '30 seconds' end,
        last_error = case when position >= 6000 and position < 6300 then 'Overloaded' end,
        attempts = 1
      where batch_id = ${batch.id} and position < 6310
    `.execute(db);
    await sql`analyze batch_items`.execute(db);

    const started = performance.now();
    const progress = await getBatchProgress(db, scope);
    const elapsed = performance.now() - started;

    expect(progress).toMatchObject({
      total: 10_000,
      counts: { queued: 3_690, processing: 10, succeeded: 6_000, failed: 300, cancelled: 0 },
      finished: 6_300,
      percentComplete: 63,
      averageItemDurationMs: 60_000,
    });
    expect(progress?.recentErrors).toHaveLength(5);
    expect(elapsed).toBeLessThan(250);
    expect((await recountBatch(db, scope))?.consistent).toBe(true);
  });
});

describe("recountBatch", () => {
  it("detects counters edited behind its back and repairs them", async () => {
    const { db } = testDb;
    const { workspace, scaffolding } = await seededWorkspace(db);
    const batch = await createSampleBatch(db, { workspace, scaffolding, items: 3 });
    const scope = { workspaceId: workspace.id, batchId: batch.id };
    await insertGenerationLog(db, {
      workspaceId: workspace.id,
      batchId: batch.id,
      model: "m",
      status: "failed",
      costUsd: 0.5,
    });
    await sql`update batch_jobs set queued_items = 0, cancelled_items = 3, actual_cost_usd = 0 where id = ${batch.id}`.execute(
      db,
    );

    const check = await recountBatch(db, scope);
    expect(check).toMatchObject({
      consistent: false,
      fixed: false,
      actual: { queued: 3, cancelled: 0, actualCostUsd: 0.5 },
    });
    const fix = await recountBatch(db, { ...scope, fix: true });
    expect(fix?.fixed).toBe(true);
    expect(await findBatch(db, scope)).toMatchObject({
      queuedItems: 3,
      cancelledItems: 0,
      actualCostUsd: 0.5,
    });
  });
});

describe("listBatches", () => {
  it("pages newest first without repeating or skipping a batch", async () => {
    const { db } = testDb;
    const { workspace, scaffolding } = await seededWorkspace(db);
    const created: string[] = [];
    for (let i = 0; i < 5; i++)
      created.push((await createSampleBatch(db, { workspace, scaffolding, items: 1 })).id);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listBatches>> = await listBatches(db, {
        workspaceId: workspace.id,
        limit: 2,
        cursor,
      });
      seen.push(...page.batches.map((batch) => batch.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...created].reverse());
  });
});

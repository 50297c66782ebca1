// The manual review protocol on a real Postgres: a stored, reproducible, tier-stratified sample;
// verdicts checked against the checklist and carried into the conversation's review decision;
// the sample's result and pass rate; and which samples an export's quality report shows.
import { CHECKLIST_ITEM_IDS, type ChecklistAnswers } from "@parley/generation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Tier } from "../column-values.ts";
import { isRepositoryError } from "../repository-error.ts";
import type { BatchJob, Workspace } from "../schema.ts";
import { createSampleBatch, sampleTurns, seededWorkspace } from "../testing/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../testing/index.ts";
import { findConversation, insertConversationWithTurns } from "./conversations.ts";
import {
  createReviewSample,
  findLatestReviewSample,
  listLatestReviewSamplesForExport,
  listReviewSamples,
  recordSampleVerdict,
} from "./review-samples.ts";

let testDb: TestDatabase;
let workspace: Workspace;
let other: Workspace;
let batch: BatchJob;
let scaffolding: Awaited<ReturnType<typeof seededWorkspace>>["scaffolding"];
const archivedIds: string[] = [];

function answers(failing: string[] = []): ChecklistAnswers {
  return Object.fromEntries(
    CHECKLIST_ITEM_IDS.map((id) => [id, { passed: !failing.includes(id) }]),
  );
}

async function addConversations(target: BatchJob, tier: Tier, count: number, status = "generated") {
  await testDb.db.transaction().execute(async (trx) => {
    for (let index = 0; index < count; index++) {
      const conversation = await insertConversationWithTurns(
        trx,
        { workspaceId: target.workspaceId, batchId: target.id },
        {
          tier,
          status: status as "generated",
          title: `${tier} ${index + 1} (${status})`,
        },
        sampleTurns(4),
      );
      if (status === "archived") archivedIds.push(conversation.id);
    }
  });
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  const seeded = await seededWorkspace(testDb.db);
  workspace = seeded.workspace;
  scaffolding = seeded.scaffolding;
  ({ workspace: other } = await seededWorkspace(testDb.db, "Other"));
  batch = await createSampleBatch(testDb.db, { ...seeded, items: 1 });
  await addConversations(batch, "template", 20);
  await addConversations(batch, "scenario", 10);
  await addConversations(batch, "edge_case", 5);
  await addConversations(batch, "edge_case", 3, "archived");
  await addConversations(batch, "template", 2, "failed");
});
afterAll(async () => {
  await testDb?.destroy();
});

describe("drawing a review sample", () => {
  it("stores 10 % of the live conversations, stratified by tier, with its seed", async () => {
    const sample = await createReviewSample(testDb.db, {
      workspaceId: workspace.id,
      batchId: batch.id,
      seed: "alpha",
      request: { rate: 0.1 },
    });
    // 35 live conversations: ceil(3.5) = 4, quotas 2.29 / 1.14 / 0.57.
    expect(sample).toMatchObject({ seed: "alpha", rate: 0.1, requestedSize: null, size: 4 });
    const tiers = sample.items.map((item) => item.tier).sort();
    expect(tiers).toEqual(["edge_case", "scenario", "template", "template"]);
    expect(sample.items.some((item) => archivedIds.includes(item.conversationId))).toBe(false);
    expect(sample.items.every((item) => item.conversationStatus === "generated")).toBe(true);
    expect(sample.result).toMatchObject({ size: 4, reviewed: 0, unreviewed: 4, passRate: null });
  });

  it("draws the same conversations again from the same seed, and keeps every sample", async () => {
    const first = await findLatestReviewSample(testDb.db, {
      workspaceId: workspace.id,
      batchId: batch.id,
    });
    const again = await createReviewSample(testDb.db, {
      workspaceId: workspace.id,
      batchId: batch.id,
      seed: "alpha",
      request: { size: 4 },
    });
    expect(again.items.map((item) => item.conversationId)).toEqual(
      first?.items.map((item) => item.conversationId),
    );
    const history = await listReviewSamples(testDb.db, {
      workspaceId: workspace.id,
      batchId: batch.id,
    });
    expect(history.map((sample) => sample.id)).toEqual([again.id, first?.id]);
    expect(history[0]?.requestedSize).toBe(4);
  });

  it("refuses another workspace's batch and a batch with nothing generated", async () => {
    await expect(
      createReviewSample(testDb.db, {
        workspaceId: other.id,
        batchId: batch.id,
        seed: "x",
        request: { rate: 0.1 },
      }),
    ).rejects.toSatisfy((error) => isRepositoryError(error, "not_found"));
    const empty = await createSampleBatch(testDb.db, {
      workspace,
      scaffolding,
      items: 1,
    });
    await expect(
      createReviewSample(testDb.db, {
        workspaceId: workspace.id,
        batchId: empty.id,
        seed: "x",
        request: { rate: 0.1 },
      }),
    ).rejects.toThrow(/no generated conversations to sample yet/);
    expect(
      await findLatestReviewSample(testDb.db, { workspaceId: workspace.id, batchId: empty.id }),
    ).toBeUndefined();
  });
});

describe("recording verdicts", () => {
  it("approves or rejects the conversation itself, and sums up the sample", async () => {
    const sample = await createReviewSample(testDb.db, {
      workspaceId: workspace.id,
      batchId: batch.id,
      seed: "verdicts",
      request: { size: 4 },
    });
    const [first, second, third] = sample.items;
    if (!first || !second || !third) throw new Error("expected four sampled conversations");

    const approved = await recordSampleVerdict(testDb.db, {
      workspaceId: workspace.id,
      batchId: batch.id,
      conversationId: first.conversationId,
      checklist: answers(),
      verdict: "approved",
      notes: "",
    });
    expect(approved).toMatchObject({ verdict: "approved", conversationStatus: "approved" });
    expect(approved.reviewedAt).toBeInstanceOf(Date);

    await recordSampleVerdict(testDb.db, {
      workspaceId: workspace.id,
      batchId: batch.id,
      conversationId: second.conversationId,
      checklist: answers(["brand_voice.asks_permission"]),
      verdict: "approved_with_notes",
      notes: "Lectures without asking first",
    });
    const rejected = await recordSampleVerdict(testDb.db, {
      workspaceId: workspace.id,
      batchId: batch.id,
      conversationId: third.conversationId,
      checklist: answers(["brand_voice.asks_permission", "advice_quality.explains_why"]),
      verdict: "rejected",
      notes: "No reasons given",
    });
    expect(rejected.conversationStatus).toBe("rejected");
    const history = await findConversation(testDb.db, {
      workspaceId: workspace.id,
      conversationId: third.conversationId,
    });
    expect(history?.reviews.at(-1)).toMatchObject({
      action: "reject",
      notes: "Review sample: REJECT — No reasons given",
    });

    const latest = await findLatestReviewSample(testDb.db, {
      workspaceId: workspace.id,
      batchId: batch.id,
    });
    expect(latest?.result).toMatchObject({
      size: 4,
      reviewed: 3,
      unreviewed: 1,
      approved: 1,
      approvedWithNotes: 1,
      rejected: 1,
      outcome: "not_met",
    });
    expect(latest?.result.passRate).toBeCloseTo(2 / 3);
    expect(latest?.result.byCategory.brand_voice).toEqual({ passed: 1, failed: 2 });
  });

  it("refuses a verdict the checklist does not allow and changes nothing", async () => {
    const latest = await findLatestReviewSample(testDb.db, {
      workspaceId: workspace.id,
      batchId: batch.id,
    });
    const open = latest?.items.find((item) => item.verdict === null);
    if (!open) throw new Error("expected an unreviewed item");
    await expect(
      recordSampleVerdict(testDb.db, {
        workspaceId: workspace.id,
        batchId: batch.id,
        conversationId: open.conversationId,
        checklist: answers(["conversation_flow.natural_dialogue"]),
        verdict: "approved",
        notes: "",
      }),
    ).rejects.toThrow(/at least APPROVED WITH NOTES/);
    await expect(
      recordSampleVerdict(testDb.db, {
        workspaceId: workspace.id,
        batchId: batch.id,
        conversationId: open.conversationId,
        checklist: answers(),
        verdict: "rejected",
        notes: "  ",
      }),
    ).rejects.toThrow(/REJECT needs notes/);
    await expect(
      recordSampleVerdict(testDb.db, {
        workspaceId: other.id,
        batchId: batch.id,
        conversationId: open.conversationId,
        checklist: answers(),
        verdict: "approved",
        notes: "",
      }),
    ).rejects.toSatisfy((error) => isRepositoryError(error, "not_found"));
    const after = await findConversation(testDb.db, {
      workspaceId: workspace.id,
      conversationId: open.conversationId,
    });
    expect(after?.status).toBe("generated");
    expect(after?.reviews).toEqual([]);
  });
});

describe("samples in an export", () => {
  it("lists the newest sample of each batch the selection draws from", async () => {
    const samples = await listLatestReviewSamplesForExport(testDb.db, {
      workspaceId: workspace.id,
      filters: { statuses: ["approved", "rejected"] },
    });
    expect(samples).toHaveLength(1);
    expect(samples[0]).toMatchObject({
      batchId: batch.id,
      seed: "verdicts",
      batchName: batch.name,
    });
    expect(samples[0]?.result.reviewed).toBe(3);
    expect(await listLatestReviewSamplesForExport(testDb.db, { workspaceId: other.id })).toEqual(
      [],
    );
  });
});

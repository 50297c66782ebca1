// A dataset package carries the "Manual review sample" of each batch it draws from: seed, size,
// verdict counts, pass rate and what is unreviewed, in quality-report.json and the dataset card.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createBatchWithItems,
  createConversation,
  createReviewSample,
  recordSampleVerdict,
} from "@parley/db";
import { createTestDatabase, createTestWorkspace, type TestDatabase } from "@parley/db/testing";
import { CHECKLIST_ITEM_IDS } from "@parley/generation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { produceExport } from "./produce-export.ts";

let database: TestDatabase;
let workspaceId: string;
let outDir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  workspaceId = (await createTestWorkspace(database.db, { seed: true })).id;
  outDir = await mkdtemp(join(tmpdir(), "parley-sample-report-"));
});
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
  await database?.destroy();
});

async function batchWithConversations(name: string, count: number) {
  const batch = await createBatchWithItems(database.db, {
    workspaceId,
    name,
    items: [{ tier: "template", parameters: {} }],
  });
  for (let index = 0; index < count; index++) {
    const conversation = await createConversation(database.db, {
      workspaceId,
      tier: index % 2 === 0 ? "template" : "scenario",
      title: `${name} ${index}`,
      turns: [
        { role: "user", content: `Question ${index}` },
        { role: "assistant", content: `Answer ${index}` },
      ],
    });
    await database.db
      .updateTable("conversations")
      .set({ batchId: batch.id })
      .where("id", "=", conversation.id)
      .execute();
  }
  return batch;
}

describe("the package's manual review sample", () => {
  it("reports the batch's newest sample in quality-report.json and the card", async () => {
    const sampled = await batchWithConversations("Sampled batch", 20);
    await batchWithConversations("Unsampled batch", 4);
    const sample = await createReviewSample(database.db, {
      workspaceId,
      batchId: sampled.id,
      seed: "card-seed",
      request: { rate: 0.2 },
    });
    const [first, second] = sample.items;
    if (!first || !second) throw new Error("expected a sample of four");
    const allPassed = Object.fromEntries(CHECKLIST_ITEM_IDS.map((id) => [id, { passed: true }]));
    await recordSampleVerdict(database.db, {
      workspaceId,
      batchId: sampled.id,
      conversationId: first.conversationId,
      checklist: allPassed,
      verdict: "approved",
      notes: "",
    });
    await recordSampleVerdict(database.db, {
      workspaceId,
      batchId: sampled.id,
      conversationId: second.conversationId,
      checklist: allPassed,
      verdict: "rejected",
      notes: "Recommends a specific fund",
    });

    const outPath = join(outDir, "package");
    await produceExport(database.db, {
      workspaceId,
      format: "messages",
      options: { package: "folder" },
      outPath,
    });
    const report = JSON.parse(await readFile(join(outPath, "quality-report.json"), "utf8"));
    expect(report.manual_review_sample).toHaveLength(1);
    expect(report.manual_review_sample[0]).toMatchObject({
      batch_name: "Sampled batch",
      seed: "card-seed",
      rate: 0.2,
      sample_size: 4,
      reviewed: 2,
      unreviewed: 2,
      approved: 1,
      approved_with_notes: 0,
      rejected: 1,
      pass_rate: 0.5,
      outcome: "not_met",
    });
    expect(report.recommendations.join("\n")).toMatch(
      /Review sample of "Sampled batch" failed: 1 of 2 reviewed rejected/,
    );
    expect(report.recommendations).not.toContain("Dataset ready for fine-tuning");

    const card = await readFile(join(outPath, "README.md"), "utf8");
    expect(card).toContain("### Manual review sample");
    expect(card).toContain("4 conversations drawn with seed `card-seed` (20 % of the batch)");
    expect(card).toContain("1 APPROVED, 0 APPROVED WITH NOTES, 1 REJECT, 2 unreviewed");
    expect(card).toContain("Pass rate 50 % of 2 reviewed: does not meet the bar");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleTurns, seededWorkspace } from "../testing/fixtures.ts";
import { createTestDatabase, createTestWorkspace, type TestDatabase } from "../testing/index.ts";
import { createConversation } from "./conversations.ts";
import {
  findCoverageGaps,
  findDailySpend,
  findQualityDistribution,
  findReviewBacklog,
} from "./dashboard-stats.ts";
import { insertGenerationLog } from "./generation-logs.ts";
import { createPersona } from "./personas.ts";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb?.destroy();
});

const utcDay = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe("dashboard stats", () => {
  it("sums spend per UTC day, with zero days filled in and other workspaces left out", async () => {
    const { db } = testDb;
    const workspace = await createTestWorkspace(db);
    const other = await createTestWorkspace(db);
    const log = (workspaceId: string, costUsd: number, simulated = false) =>
      insertGenerationLog(db, {
        workspaceId,
        model: "claude-sonnet-4-5",
        status: "succeeded",
        costUsd,
        simulated,
      });
    await log(workspace.id, 0.25);
    await log(workspace.id, 0.5, true);
    await log(other.id, 9);
    const old = await log(workspace.id, 1.5);
    await db
      .updateTable("generation_logs")
      .set({ createdAt: new Date(Date.now() - 2 * 86_400_000) })
      .where("id", "=", old.id)
      .execute();

    const spend = await findDailySpend(db, { workspaceId: workspace.id, days: 7 });
    expect(spend).toHaveLength(7);
    expect(spend.at(-1)).toEqual({ day: utcDay(0), costUsd: 0.75, calls: 2, simulatedCalls: 1 });
    expect(spend.at(-3)).toMatchObject({ day: utcDay(-2), costUsd: 1.5, calls: 1 });
    expect(spend.at(-2)).toMatchObject({ day: utcDay(-1), costUsd: 0, calls: 0 });
    expect(spend.reduce((sum, day) => sum + day.costUsd, 0)).toBeCloseTo(2.25);
  });

  it("buckets quality scores, counts statuses and finds thinly covered scaffolding", async () => {
    const { db } = testDb;
    const { workspace, scaffolding } = await seededWorkspace(db, "Stats");
    const [persona, secondPersona] = scaffolding.personas;
    const [arc] = scaffolding.arcs;
    const [topic] = scaffolding.topics;
    if (!persona || !secondPersona || !arc || !topic) throw new Error("seed has scaffolding");
    const lonely = await createPersona(db, {
      workspaceId: workspace.id,
      key: "lonely",
      name: "Never Generated",
    });

    const conversation = (
      status: "approved" | "pending_review" | "archived",
      score: number | null,
    ) =>
      createConversation(db, {
        workspaceId: workspace.id,
        tier: "template",
        status,
        qualityScore: score,
        personaId: persona.id,
        arcId: arc.id,
        topicId: topic.id,
        turns: sampleTurns(4),
      });
    for (let i = 0; i < 3; i++) await conversation("approved", 8.5);
    await conversation("pending_review", 6.2);
    await conversation("pending_review", 10);
    await conversation("pending_review", null);
    await conversation("archived", 1);

    const quality = await findQualityDistribution(db, { workspaceId: workspace.id });
    expect(quality.buckets.map((bucket) => bucket.count)).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 3, 1]);
    expect(quality.unscored).toBe(1);
    expect(quality.average).toBeCloseTo((8.5 * 3 + 6.2 + 10) / 5);

    expect(await findReviewBacklog(db, { workspaceId: workspace.id })).toEqual({
      approved: 3,
      pending_review: 3,
    });

    const gaps = await findCoverageGaps(db, { workspaceId: workspace.id, minApproved: 3 });
    const ids = gaps.map((gap) => gap.id);
    // Three approved conversations: covered.
    expect(ids).not.toContain(persona.id);
    expect(ids).not.toContain(arc.id);
    expect(ids).not.toContain(topic.id);
    expect(gaps).toContainEqual({
      kind: "persona",
      id: lonely.id,
      name: "Never Generated",
      approved: 0,
      total: 0,
    });
    expect(ids).toContain(secondPersona.id);
    expect(gaps[0]?.approved).toBe(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Tier } from "../column-values.ts";
import { isRepositoryError } from "../repository-error.ts";
import type { Workspace } from "../schema.ts";
import { sampleTurns, seededWorkspace } from "../testing/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../testing/index.ts";
import { countConversations, listConversations } from "./conversation-list.ts";
import { createConversation } from "./conversations.ts";
import type { ActiveScaffolding } from "./scaffolding.ts";

let testDb: TestDatabase;
let workspace: Workspace;
let scaffolding: ActiveScaffolding;
const TIERS: Tier[] = ["template", "scenario", "edge_case"];

// 30 conversations: tier cycles every 3, persona changes every 3, score (i % 10) + i/100 except
// every 10th (i % 10 == 9) unscored, "debt" in every 5th title, #29 archived.
beforeAll(async () => {
  testDb = await createTestDatabase();
  ({ workspace, scaffolding } = await seededWorkspace(testDb.db));
  for (let i = 0; i < 30; i++) {
    await createConversation(testDb.db, {
      workspaceId: workspace.id,
      tier: TIERS[i % 3] ?? "template",
      status: i === 29 ? "archived" : i % 4 === 0 ? "approved" : "generated",
      personaId: scaffolding.personas[Math.floor(i / 3) % 3]?.id ?? null,
      arcId: scaffolding.arcs[i % 2]?.id ?? null,
      topicId: scaffolding.topics[0]?.id ?? null,
      title: i % 5 === 0 ? `Paying down debt #${i}` : `Conversation #${i}`,
      summary: i === 7 ? "Talks about 100% of the match" : "",
      qualityScore: i % 10 === 9 ? null : (i % 10) + i / 100,
      turns: sampleTurns(2),
    });
  }
});
afterAll(async () => {
  await testDb?.destroy();
});

describe("listConversations", () => {
  it("hides archived conversations and lists the newest first by default", async () => {
    const page = await listConversations(testDb.db, { workspaceId: workspace.id, limit: 100 });
    expect(page.items).toHaveLength(29);
    expect(page.items[0]?.title).toBe("Conversation #28");
    expect(page.items.every((item) => item.status !== "archived")).toBe(true);
    expect(page.nextCursor).toBeNull();
    expect(page.items[0]?.personaName).toBe(scaffolding.personas[0]?.name);
  });

  it("combines filters", async () => {
    const page = await listConversations(testDb.db, {
      workspaceId: workspace.id,
      filters: {
        tiers: ["template"],
        statuses: ["approved"],
        personaIds: [scaffolding.personas[0]?.id ?? ""],
      },
    });
    // template: i % 3 == 0; approved: i % 4 == 0; persona 0: floor(i/3) % 3 == 0 → i in 0..2, 9..11, 18..20, 27..29
    expect(page.items.map((item) => item.title).sort()).toEqual(["Paying down debt #0"]);
  });

  it("filters by quality range, search text (wildcards taken literally) and date", async () => {
    const good = await listConversations(testDb.db, {
      workspaceId: workspace.id,
      filters: { minQuality: 8, maxQuality: 9 },
      limit: 100,
    });
    expect(
      good.items.every((item) => (item.qualityScore ?? -1) >= 8 && (item.qualityScore ?? 99) <= 9),
    ).toBe(true);
    expect(good.items.map((item) => item.title).sort()).toEqual([
      "Conversation #18",
      "Conversation #28",
      "Conversation #8",
    ]);

    const debt = await listConversations(testDb.db, {
      workspaceId: workspace.id,
      filters: { search: "DEBT" },
    });
    expect(debt.items).toHaveLength(6);
    const percent = await listConversations(testDb.db, {
      workspaceId: workspace.id,
      filters: { search: "100%" },
    });
    expect(percent.items.map((item) => item.title)).toEqual(["Conversation #7"]);
    const wildcard = await listConversations(testDb.db, {
      workspaceId: workspace.id,
      filters: { search: "%" },
    });
    expect(wildcard.items).toHaveLength(1);

    const future = await listConversations(testDb.db, {
      workspaceId: workspace.id,
      filters: { createdAfter: new Date(Date.now() + 60_000).toISOString() },
    });
    expect(future.items).toEqual([]);
  });

  it("pages by cursor through every sort without repeating or skipping a row", async () => {
    for (const by of ["createdAt", "updatedAt", "qualityScore", "title"] as const) {
      for (const direction of ["asc", "desc"] as const) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: Awaited<ReturnType<typeof listConversations>> = await listConversations(
            testDb.db,
            {
              workspaceId: workspace.id,
              sort: { by, direction },
              limit: 7,
              cursor,
            },
          );
          seen.push(...page.items.map((item) => item.id));
          cursor = page.nextCursor;
        } while (cursor);
        const all = await listConversations(testDb.db, {
          workspaceId: workspace.id,
          sort: { by, direction },
          limit: 100,
        });
        expect(seen, `${by} ${direction}`).toEqual(all.items.map((item) => item.id));
        expect(new Set(seen).size).toBe(29);
      }
    }
  });

  it("sorts by quality with unscored conversations last when descending", async () => {
    const page = await listConversations(testDb.db, {
      workspaceId: workspace.id,
      sort: { by: "qualityScore", direction: "desc" },
      limit: 100,
    });
    const scores = page.items.map((item) => item.qualityScore);
    expect(scores.slice(0, 3)).toEqual([8.28, 8.18, 8.08]);
    // #9 and #19 are unscored (#29 is archived).
    expect(scores.slice(-3)).toEqual([0, null, null]);
  });

  it("pages by offset and reports the total", async () => {
    const page = await listConversations(testDb.db, {
      workspaceId: workspace.id,
      sort: { by: "title", direction: "asc" },
      limit: 10,
      offset: 20,
      withTotal: true,
    });
    expect(page.total).toBe(29);
    expect(page.items).toHaveLength(9);
    expect(
      await countConversations(testDb.db, {
        workspaceId: workspace.id,
        filters: { tiers: ["scenario"] },
      }),
    ).toBe(10);
  });

  it("rejects a tampered cursor with an actionable error", async () => {
    await expect(
      listConversations(testDb.db, { workspaceId: workspace.id, cursor: "not-a-cursor" }),
    ).rejects.toSatisfy((error: unknown) => isRepositoryError(error, "invalid_input"));
  });
});

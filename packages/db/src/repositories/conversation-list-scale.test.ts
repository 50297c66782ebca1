import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Workspace } from "../schema.ts";
import { seededWorkspace } from "../testing/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../testing/index.ts";
import {
  countConversations,
  type ListConversationsOptions,
  listConversations,
} from "./conversation-list.ts";
import { REVIEW_QUEUE_STATUSES, reviewConversations } from "./review-queue.ts";
import type { ActiveScaffolding } from "./scaffolding.ts";

let testDb: TestDatabase;
let workspace: Workspace;
let scaffolding: ActiveScaffolding;

// 100 000 conversations, one per second going back in time, spread over tiers, statuses,
// personas and scores; 1 % mention "debt". A second workspace holds noise the filters must skip.
beforeAll(async () => {
  testDb = await createTestDatabase();
  ({ workspace, scaffolding } = await seededWorkspace(testDb.db));
  const noise = await seededWorkspace(testDb.db, "Noise");
  for (const [target, count] of [
    [workspace, 100_000],
    [noise.workspace, 20_000],
  ] as const) {
    const personaIds = (target.id === workspace.id ? scaffolding : noise.scaffolding).personas.map(
      (p) => p.id,
    );
    await sql`
      insert into conversations (workspace_id, tier, status, persona_id, title, summary, quality_score, created_at)
      select ${target.id}, (array['template','scenario','edge_case'])[1 + n % 3],
        (array['generated','approved','pending_review','rejected','archived'])[1 + n % 5],
        (${sql.val(personaIds)}::uuid[])[1 + n % 3],
        'Conversation ' || n || case when n % 100 = 0 then ' about debt' else '' end,
        'Summary ' || n, case when n % 11 = 0 then null else (n % 101) / 10.0 end,
        now() - make_interval(secs => n)
      from generate_series(1, ${count}) n
    `.execute(testDb.db);
  }
  await sql`analyze conversations`.execute(testDb.db);
}, 120_000);
afterAll(async () => {
  await testDb?.destroy();
});

async function timed(options: Omit<ListConversationsOptions, "workspaceId">) {
  const started = performance.now();
  const page = await listConversations(testDb.db, {
    workspaceId: workspace.id,
    limit: 50,
    ...options,
  });
  return { page, ms: performance.now() - started };
}

describe("the conversation list at 100 000 rows", () => {
  it("answers the usual queries in well under a second each", async () => {
    const persona = scaffolding.personas[0]?.id ?? "";
    const cases: Omit<ListConversationsOptions, "workspaceId">[] = [
      {},
      { filters: { statuses: ["approved"] } },
      { filters: { tiers: ["scenario"], statuses: ["pending_review"] } },
      { filters: { personaIds: [persona] }, sort: { by: "createdAt", direction: "asc" } },
      { sort: { by: "qualityScore", direction: "desc" } },
      { filters: { minQuality: 9.5 }, sort: { by: "qualityScore", direction: "desc" } },
      { filters: { search: "about debt" } },
      { sort: { by: "title", direction: "asc" } },
      // The review queue: everything awaiting a decision, oldest first.
      {
        filters: { statuses: [...REVIEW_QUEUE_STATUSES] },
        sort: { by: "createdAt", direction: "asc" },
      },
    ];
    for (const options of cases) {
      const first = await timed(options);
      expect(first.page.items.length, JSON.stringify(options)).toBeGreaterThan(0);
      const second = await timed({ ...options, cursor: first.page.nextCursor });
      expect(second.page.items[0]?.id).not.toBe(first.page.items[0]?.id);
      // And back: the previous page is the first one again, as fast.
      const back = await timed({ ...options, before: second.page.prevCursor });
      expect(back.page.items.map((item) => item.id)).toEqual(
        first.page.items.map((item) => item.id),
      );
      expect(Math.max(first.ms, second.ms, back.ms), JSON.stringify(options)).toBeLessThan(300);
    }
    const started = performance.now();
    expect(
      await countConversations(testDb.db, {
        workspaceId: workspace.id,
        filters: { statuses: ["approved"] },
      }),
    ).toBe(20_000);
    expect(performance.now() - started).toBeLessThan(300);
  });

  it("reads each sort order's first page through an index instead of sorting the table", async () => {
    const orders = {
      conversations_live_created_idx: sql`created_at desc, id desc`,
      conversations_quality_idx: sql`coalesce(quality_score, -1) desc, id desc`,
      conversations_title_idx: sql`title, id`,
    };
    for (const [index, orderBy] of Object.entries(orders)) {
      const { rows } = await sql<{ "QUERY PLAN": string }>`
        explain select id from conversations
        where workspace_id = ${workspace.id} and status <> 'archived'
        order by ${orderBy} limit 51
      `.execute(testDb.db);
      const plan = rows.map((row) => row["QUERY PLAN"]).join("\n");
      expect(plan, index).toContain(index);
      expect(plan, index).not.toContain("Sort");
    }
  });
});

describe("the review queue at 100 000 rows", () => {
  it("reads the oldest conversations awaiting review through its own index", async () => {
    const { rows } = await sql<{ "QUERY PLAN": string }>`
      explain select id from conversations
      where workspace_id = ${workspace.id}
        and status in ('pending_review', 'needs_revision', 'generated')
      order by created_at, id limit 51
    `.execute(testDb.db);
    const plan = rows.map((row) => row["QUERY PLAN"]).join("\n");
    expect(plan).toContain("conversations_awaiting_review_idx");
    expect(plan).not.toContain("Sort");
  });
});

describe("bulk review at 100 000 rows", () => {
  it("decides a whole filter in one statement, a history row per conversation", async () => {
    const filters = { statuses: ["pending_review" as const], tiers: ["scenario" as const] };
    const matching = await countConversations(testDb.db, { workspaceId: workspace.id, filters });
    expect(matching).toBeGreaterThan(6000);
    const started = performance.now();
    const { reviewed } = await reviewConversations(testDb.db, {
      workspaceId: workspace.id,
      filters,
      action: "reject",
      notes: "Scenario drafts retired",
    });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(reviewed).toBe(matching);
    expect(await countConversations(testDb.db, { workspaceId: workspace.id, filters })).toBe(0);
    const { count } = await testDb.db
      .selectFrom("conversation_reviews")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where("workspaceId", "=", workspace.id)
      .where("notes", "=", "Scenario drafts retired")
      .executeTakeFirstOrThrow();
    expect(count).toBe(matching);
  });
});

// The signed-in context on a real Postgres: a user whose sign-up hook never gave them a
// workspace (better-auth commits the user before its after-hooks run) gets one on their next
// request, instead of a "No workspace" page.
import { ensureDefaultWorkspace, findActiveScaffolding } from "@parley/db";
import { createTestDatabase, createTestUser, type TestDatabase } from "@parley/db/testing";
import { createProgressHub, openQueue, type ProgressHub, type Queue } from "@parley/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServices, createSignedInContext } from "./context.ts";
import { appRouter } from "./root.ts";
import { createCallerFactory } from "./trpc.ts";

let database: TestDatabase;
let queue: Queue;
let progress: ProgressHub;
let services: ApiServices;

beforeAll(async () => {
  database = await createTestDatabase();
  queue = await openQueue({ databaseUrl: database.url, role: "producer" });
  progress = createProgressHub(database.url);
  services = { db: database.db, queue, progress, simulated: true };
  // Claimed by an earlier user, as on any install past its first sign-up.
  const { workspace } = await ensureDefaultWorkspace(database.db);
  const first = await createTestUser(database.db);
  await database.db
    .insertInto("memberships")
    .values({ workspace_id: workspace.id, user_id: first.id, role: "owner" })
    .execute();
});

afterAll(async () => {
  await progress?.close();
  await queue?.stop({ graceful: false });
  await database?.destroy();
});

describe("createSignedInContext", () => {
  it("gives a user left without a workspace their own, seeded, on their next request", async () => {
    // A user row and nothing else: what a failed user.create.after hook leaves behind.
    const user = await createTestUser(database.db, { name: "Grace" });
    const [first, second] = await Promise.all([
      createSignedInContext(services, { user }),
      createSignedInContext(services, { user }),
    ]);
    expect(first.active).toMatchObject({ name: "Grace's workspace", role: "owner" });
    expect(second.active?.id).toBe(first.active?.id);
    expect(first.workspaces).toHaveLength(1);

    const api = createCaller(first.context);
    expect((await api.batch.list()).length).toBe(0);
    const scaffolding = await findActiveScaffolding(database.db, {
      workspaceId: first.active?.id ?? "",
    });
    expect(scaffolding.personas.length).toBeGreaterThan(0);
    const again = await createSignedInContext(services, { user });
    expect(again.workspaces.map((w) => w.id)).toEqual([first.active?.id]);
  });
});

const createCaller = createCallerFactory(appRouter);

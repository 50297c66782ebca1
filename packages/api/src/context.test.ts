// The signed-in context on a real Postgres: a user whose sign-up hook never gave them a
// workspace (better-auth commits the user before its after-hooks run) gets one on their next
// request, instead of a "No workspace" page.
import { ensureDefaultWorkspace, findActiveScaffolding } from "@parley/db";
import { createTestUser } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSignedInContext } from "./context.ts";
import { type ApiHarness, openApiHarness } from "./test-support/api-harness.ts";

let harness: ApiHarness;

beforeAll(async () => {
  harness = await openApiHarness();
  // Claimed by an earlier user, as on any install past its first sign-up.
  const { workspace } = await ensureDefaultWorkspace(harness.db);
  const first = await createTestUser(harness.db);
  await harness.db
    .insertInto("memberships")
    .values({ workspaceId: workspace.id, userId: first.id, role: "owner" })
    .execute();
});

afterAll(async () => {
  await harness?.close();
});

describe("createSignedInContext", () => {
  it("gives a user left without a workspace their own, seeded, on their next request", async () => {
    // A user row and nothing else: what a failed user.create.after hook leaves behind.
    const user = await createTestUser(harness.db, { name: "Grace" });
    const [first, second] = await Promise.all([
      createSignedInContext(harness.services, { user }),
      createSignedInContext(harness.services, { user }),
    ]);
    expect(first.active).toMatchObject({ name: "Grace's workspace", role: "owner" });
    expect(second.active?.id).toBe(first.active?.id);
    expect(first.workspaces).toHaveLength(1);

    const api = harness.callerFrom(first.context);
    expect((await api.batch.list()).length).toBe(0);
    const scaffolding = await findActiveScaffolding(harness.db, {
      workspaceId: first.active?.id ?? "",
    });
    expect(scaffolding.personas.length).toBeGreaterThan(0);
    const again = await createSignedInContext(harness.services, { user });
    expect(again.workspaces.map((w) => w.id)).toEqual([first.active?.id]);
  });
});

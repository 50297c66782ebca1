// A user always ends up with a workspace: the sign-up hook gives them one, and a user left with
// none because that hook failed gets it on their next request; exactly one, however many
// requests race, and never again for someone an owner removed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, createTestUser, type TestDatabase } from "../testing/index.ts";
import { addMembership, listMemberships, removeMembership } from "./memberships.ts";
import { findActiveScaffolding } from "./scaffolding.ts";
import {
  createWorkspace,
  ensureDefaultWorkspace,
  ensureUserWorkspace,
  listWorkspacesForUser,
} from "./workspaces.ts";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
  // The default workspace is taken, as on any install past its first sign-up.
  const { workspace } = await ensureDefaultWorkspace(testDb.db);
  const first = await createTestUser(testDb.db);
  await addMembership(testDb.db, { workspaceId: workspace.id, userId: first.id, role: "owner" });
});
afterAll(async () => {
  await testDb?.destroy();
});

describe("ensureUserWorkspace", () => {
  it("gives a user without any workspace one of their own, seeded, once however many requests race", async () => {
    const { db } = testDb;
    const user = await createTestUser(db, { name: "Ada" });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => ensureUserWorkspace(db, { userId: user.id, name: "Ada's" })),
    );
    expect(results.filter((result) => result?.created)).toHaveLength(1);
    const workspaces = await listWorkspacesForUser(db, { userId: user.id });
    expect(workspaces).toEqual([expect.objectContaining({ name: "Ada's", role: "owner" })]);
    const [workspace] = workspaces;
    if (!workspace) throw new Error("no workspace");
    const scaffolding = await findActiveScaffolding(db, { workspaceId: workspace.id });
    expect(scaffolding.personas.length).toBeGreaterThan(0);
    // Done already: a later request finds the membership and changes nothing.
    expect(await ensureUserWorkspace(db, { userId: user.id, name: "Ada's" })).toBeUndefined();
  });

  it("leaves alone a user who belongs to someone else's workspace", async () => {
    const { db } = testDb;
    const owner = await createTestUser(db);
    const invitee = await createTestUser(db);
    const team = await createWorkspace(db, { name: "Team", ownerUserId: owner.id });
    await addMembership(db, { workspaceId: team.id, userId: invitee.id, role: "viewer" });
    expect(await ensureUserWorkspace(db, { userId: invitee.id, name: "x" })).toBeUndefined();
    expect(await listWorkspacesForUser(db, { userId: invitee.id })).toHaveLength(1);
  });

  it("does not hand a new workspace to someone an owner removed from theirs", async () => {
    const { db } = testDb;
    const founder = await createTestUser(db);
    const partner = await createTestUser(db);
    const ensured = await ensureUserWorkspace(db, { userId: founder.id, name: "Founder's" });
    if (!ensured) throw new Error("no workspace");
    const scope = { workspaceId: ensured.workspace.id };
    await addMembership(db, { ...scope, userId: partner.id, role: "owner" });
    await removeMembership(db, { ...scope, userId: founder.id });
    expect(await ensureUserWorkspace(db, { userId: founder.id, name: "again" })).toBeUndefined();
    expect(await listWorkspacesForUser(db, { userId: founder.id })).toEqual([]);
    expect((await listMemberships(db, scope)).map((m) => m.userId)).toEqual([partner.id]);
  });

  it("lets the first user of an install take over the default workspace", async () => {
    const own = await createTestDatabase();
    try {
      const { workspace } = await ensureDefaultWorkspace(own.db);
      const user = await createTestUser(own.db);
      const ensured = await ensureUserWorkspace(own.db, { userId: user.id, name: "Mine" });
      expect(ensured).toMatchObject({
        created: false,
        workspace: { id: workspace.id, name: "Mine" },
      });
    } finally {
      await own.destroy();
    }
  });
});

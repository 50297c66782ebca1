import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isRepositoryError } from "../repository-error.ts";
import { createSecretCipher } from "../secrets/secret-cipher.ts";
import { createTestDatabase, createTestUser, type TestDatabase } from "../testing/index.ts";
import {
  acceptInvitation,
  createInvitation,
  findOpenInvitationByTokenHash,
  listInvitations,
} from "./invitations.ts";
import {
  addMembership,
  listMemberships,
  removeMembership,
  updateMembershipRole,
} from "./memberships.ts";
import { findUserByEmail } from "./users.ts";
import { findWorkspaceSecretStatus, setWorkspaceSecret } from "./workspace-secrets.ts";
import {
  claimDefaultWorkspace,
  createWorkspace,
  ensureDefaultWorkspace,
  findWorkspace,
  listWorkspacesForUser,
  updateWorkspace,
} from "./workspaces.ts";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb?.destroy();
});

describe("workspaces", () => {
  it("lets the first sign-up, and only the first, take over the default workspace", async () => {
    // Its own database: the default workspace must start with no members.
    const own = await createTestDatabase();
    const { db } = own;
    const { workspace } = await ensureDefaultWorkspace(db);
    const [first, second] = [await createTestUser(db), await createTestUser(db)];
    const claims = await Promise.all([
      claimDefaultWorkspace(db, { userId: first.id, name: "Ada's workspace" }),
      claimDefaultWorkspace(db, { userId: second.id, name: "Bob's workspace" }),
    ]);
    const won = claims.filter((claim) => claim !== undefined);
    expect(won).toHaveLength(1);
    expect(won[0]?.id).toBe(workspace.id);
    const members = await listMemberships(db, { workspaceId: workspace.id });
    expect(members).toHaveLength(1);
    expect(members[0]?.role).toBe("owner");
    expect(["Ada's workspace", "Bob's workspace"]).toContain(won[0]?.name);
    expect(
      await claimDefaultWorkspace(db, { userId: (await createTestUser(db)).id, name: "C" }),
    ).toBeUndefined();
    await own.destroy();
  });

  it("gets a unique slug from its name and makes its creator the owner", async () => {
    const { db } = testDb;
    const user = await createTestUser(db);
    const first = await createWorkspace(db, { name: "Acme Research!", ownerUserId: user.id });
    const second = await createWorkspace(db, { name: "Acme Research" });
    expect(first.slug).toBe("acme-research");
    expect(second.slug).toMatch(/^acme-research-[0-9a-f]{6}$/);
    expect(await listWorkspacesForUser(db, { userId: user.id })).toEqual([
      expect.objectContaining({ id: first.id, role: "owner" }),
    ]);
  });

  it("merges settings and keeps the HuggingFace token out of every workspace read", async () => {
    const { db } = testDb;
    const workspace = await createWorkspace(db, {
      name: "Settings",
      settings: { defaultConcurrency: 3 },
    });
    await updateWorkspace(db, {
      workspaceId: workspace.id,
      settings: { qualityThreshold: 7, huggingFaceRepo: "acme/ei" },
    });
    const updated = await updateWorkspace(db, {
      workspaceId: workspace.id,
      settings: { huggingFaceRepo: null },
    });
    expect(updated?.settings).toEqual({ defaultConcurrency: 3, qualityThreshold: 7 });

    const token = "hf_0123456789abcdefWXYZ";
    await setWorkspaceSecret(db, {
      workspaceId: workspace.id,
      name: "huggingface_token",
      cipher: createSecretCipher({ current: randomBytes(32), source: "a test key" }),
      value: token,
      endpoint: null,
    });
    const read = await findWorkspace(db, { workspaceId: workspace.id });
    expect(JSON.stringify(read)).not.toContain(token);
    expect(
      await findWorkspaceSecretStatus(db, { workspaceId: workspace.id, name: "huggingface_token" }),
    ).toMatchObject({ set: true, lastFour: "WXYZ" });
  });
});

describe("memberships", () => {
  it("never leaves a workspace without an owner", async () => {
    const { db } = testDb;
    const owner = await createTestUser(db);
    const reviewer = await createTestUser(db);
    const workspace = await createWorkspace(db, { name: "Team", ownerUserId: owner.id });
    const scope = { workspaceId: workspace.id };
    await addMembership(db, { ...scope, userId: reviewer.id, role: "reviewer" });

    const demote = updateMembershipRole(db, { ...scope, userId: owner.id, role: "admin" });
    await expect(demote).rejects.toSatisfy((error: unknown) =>
      isRepositoryError(error, "last_owner"),
    );
    await expect(removeMembership(db, { ...scope, userId: owner.id })).rejects.toSatisfy(
      (error: unknown) => isRepositoryError(error, "last_owner"),
    );

    await updateMembershipRole(db, { ...scope, userId: reviewer.id, role: "owner" });
    expect(await removeMembership(db, { ...scope, userId: owner.id })).toBe(true);
    expect((await listMemberships(db, scope)).map((m) => [m.userEmail, m.role])).toEqual([
      [reviewer.email, "owner"],
    ]);
  });
});

describe("invitations", () => {
  it("are accepted once, by token hash, creating the membership", async () => {
    const { db } = testDb;
    const owner = await createTestUser(db);
    const invitee = await createTestUser(db, { email: "Reviewer@Example.test" });
    const workspace = await createWorkspace(db, { name: "Invites", ownerUserId: owner.id });
    const scope = { workspaceId: workspace.id };
    const expiresAt = new Date(Date.now() + 86_400_000);

    await createInvitation(db, {
      ...scope,
      email: "reviewer@example.test",
      role: "viewer",
      tokenHash: "old",
      expiresAt,
    });
    // Re-inviting the same address replaces the open invitation.
    await createInvitation(db, {
      ...scope,
      email: "REVIEWER@example.test",
      role: "reviewer",
      tokenHash: "new",
      expiresAt,
      invitedBy: owner.id,
    });
    expect((await listInvitations(db, scope)).map((i) => i.tokenHash)).toEqual(["new"]);
    expect(await findOpenInvitationByTokenHash(db, { tokenHash: "old" })).toBeUndefined();
    expect(await findOpenInvitationByTokenHash(db, { tokenHash: "new" })).toMatchObject({
      workspaceName: "Invites",
    });

    expect((await findUserByEmail(db, { email: "reviewer@example.test" }))?.id).toBe(invitee.id);
    const accepted = await acceptInvitation(db, { tokenHash: "new", userId: invitee.id });
    expect(accepted?.membership).toMatchObject({ userId: invitee.id, role: "reviewer" });
    expect(await acceptInvitation(db, { tokenHash: "new", userId: invitee.id })).toBeUndefined();

    await createInvitation(db, {
      ...scope,
      email: "late@example.test",
      role: "viewer",
      tokenHash: "expired",
      expiresAt: new Date(Date.now() - 1000),
    });
    expect(
      await acceptInvitation(db, { tokenHash: "expired", userId: invitee.id }),
    ).toBeUndefined();
  });
});

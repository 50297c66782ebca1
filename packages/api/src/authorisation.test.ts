// Who may read and change what, through the real router on a real Postgres and pg-boss: a member
// of one workspace never reaches another's batches or conversations (not even by naming it),
// viewers only read, and invitations only work for the address they were made for.
import { addMembership, createConversation, findMembership } from "@parley/db";
import { createTestUser, createTestWorkspace } from "@parley/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiContext, createSignedInContext, type UserRef } from "./context.ts";
import { type ApiHarness, openApiHarness } from "./test-support/api-harness.ts";

let harness: ApiHarness;

let alice: UserRef; // owner of A
let bob: UserRef; // owner of B
let vera: UserRef; // viewer in A
let workspaceA: { id: string; name: string };
let workspaceB: { id: string; name: string };
let batchA: string;
let conversationA: string;

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
  return "OK";
}

beforeAll(async () => {
  harness = await openApiHarness();
  alice = await createTestUser(harness.db, { name: "Alice", email: "alice@example.test" });
  bob = await createTestUser(harness.db, { name: "Bob", email: "bob@example.test" });
  vera = await createTestUser(harness.db, { name: "Vera", email: "vera@example.test" });
  workspaceA = await createTestWorkspace(harness.db, {
    name: "A",
    seed: true,
    ownerUserId: alice.id,
  });
  workspaceB = await createTestWorkspace(harness.db, {
    name: "B",
    seed: true,
    ownerUserId: bob.id,
  });
  await addMembership(harness.db, { workspaceId: workspaceA.id, userId: vera.id, role: "viewer" });

  const created = await (await harness.callerFor(alice)).batch.create({ count: 2, seed: 7 });
  batchA = created.id;
  const conversation = await createConversation(harness.db, {
    workspaceId: workspaceA.id,
    tier: "template",
    title: "Alice's private conversation",
    turns: [
      { role: "user", content: "I am worried about my savings." },
      { role: "assistant", content: "Let us look at them together." },
    ],
  });
  conversationA = conversation.id;
});

afterAll(async () => {
  await harness?.close();
});

describe("workspace isolation", () => {
  it("lets the owner read their own batch and conversation", async () => {
    const api = await harness.callerFor(alice);
    expect((await api.batch.progress({ batchId: batchA })).total).toBe(2);
    expect(await codeOf(api.conversation.get({ conversationId: conversationA }))).toBe("OK");
  });

  it("gives a member of another workspace NOT_FOUND for A's batch and conversation", async () => {
    const api = await harness.callerFor(bob);
    expect(await codeOf(api.batch.progress({ batchId: batchA }))).toBe("NOT_FOUND");
    expect(await codeOf(api.batch.items({ batchId: batchA }))).toBe("NOT_FOUND");
    expect(await codeOf(api.conversation.get({ conversationId: conversationA }))).toBe("NOT_FOUND");
    expect((await api.batch.list()).map((batch) => batch.id)).not.toContain(batchA);
    expect(JSON.stringify(await api.conversation.list({}))).not.toContain(conversationA);
  });

  it("does not let them change A's batch", async () => {
    const api = await harness.callerFor(bob);
    expect(await codeOf(api.batch.pause({ batchId: batchA }))).toBe("NOT_FOUND");
    expect(await codeOf(api.batch.cancel({ batchId: batchA }))).toBe("NOT_FOUND");
    expect(await codeOf(api.batch.retryFailed({ batchId: batchA }))).toBe("NOT_FOUND");
    const still = await (await harness.callerFor(alice)).batch.progress({ batchId: batchA });
    expect(still.status).not.toBe("paused");
    expect(still.status).not.toBe("cancelled");
  });

  it("ignores a request to act in a workspace they are not a member of", async () => {
    const { active } = await createSignedInContext(harness.services, {
      user: bob,
      requestedWorkspaceId: workspaceA.id,
    });
    expect(active?.id).toBe(workspaceB.id);
    const api = await harness.callerFor(bob, workspaceA.id);
    expect(await codeOf(api.batch.progress({ batchId: batchA }))).toBe("NOT_FOUND");
    expect(await codeOf(api.batch.cancel({ batchId: batchA }))).toBe("NOT_FOUND");
  });

  it("refuses a context that names a workspace without a membership behind it", async () => {
    const forged = harness.callerFrom(
      createApiContext(harness.services, {
        user: bob,
        workspace: { id: workspaceA.id, name: "A" },
      }),
    );
    expect(await codeOf(forged.batch.progress({ batchId: batchA }))).toBe("FORBIDDEN");
    expect(await codeOf(forged.conversation.get({ conversationId: conversationA }))).toBe(
      "FORBIDDEN",
    );
    expect(await codeOf(forged.batch.cancel({ batchId: batchA }))).toBe("FORBIDDEN");
  });

  it("asks anonymous callers to sign in", async () => {
    const anonymous = harness.callerFrom(
      createApiContext(harness.services, {
        user: null,
        workspace: { id: workspaceA.id, name: "A" },
      }),
    );
    expect(await codeOf(anonymous.batch.list())).toBe("UNAUTHORIZED");
    expect(await codeOf(anonymous.workspace.mine())).toBe("UNAUTHORIZED");
  });
});

describe("roles", () => {
  it("lets a viewer read but not create or control batches", async () => {
    const api = await harness.callerFor(vera);
    expect((await api.batch.progress({ batchId: batchA })).total).toBe(2);
    expect(await codeOf(api.batch.create({ count: 1 }))).toBe("FORBIDDEN");
    expect(await codeOf(api.batch.pause({ batchId: batchA }))).toBe("FORBIDDEN");
    expect(await codeOf(api.export.create({ format: "messages", filters: {}, options: {} }))).toBe(
      "FORBIDDEN",
    );
    expect(await codeOf(api.workspace.invite({ email: "x@example.test", role: "viewer" }))).toBe(
      "FORBIDDEN",
    );
    expect((await api.batch.list()).map((batch) => batch.id)).toEqual([batchA]);
  });

  it("refuses a viewer every change: reviews, edits, regeneration, generation, scaffolding", async () => {
    const api = await harness.callerFor(vera);
    // The role is checked before the input is even read, so any input shows the gate.
    const anything = {} as never;
    // One at a time: a call started early would reject before anything awaits it.
    const attempts = [
      () => api.review.decide(anything),
      () => api.review.bulk(anything),
      () => api.conversation.editTurn(anything),
      () => api.conversation.regenerate(anything),
      () => api.generate.start(anything),
      () => api.generate.save(anything),
      () => api.scaffolding.personas.create(anything),
      () => api.scaffolding.templates.activate(anything),
    ];
    for (const attempt of attempts) expect(await codeOf(attempt())).toBe("FORBIDDEN");
    expect(await codeOf(api.review.count())).toBe("OK");
  });

  it("keeps a workspace's last owner", async () => {
    const api = await harness.callerFor(alice);
    expect(await codeOf(api.workspace.changeRole({ userId: alice.id, role: "admin" }))).toBe(
      "CONFLICT",
    );
    expect(await codeOf(api.workspace.removeMember({ userId: alice.id }))).toBe("CONFLICT");
  });
});

describe("invitations", () => {
  it("join the workspace only for the invited address, once, in the invited role", async () => {
    const owner = await harness.callerFor(alice);
    const carol = await createTestUser(harness.db, { name: "Carol", email: "carol@example.test" });
    const { token } = await owner.workspace.invite({
      email: "Carol@Example.test",
      role: "reviewer",
    });

    const stranger = await harness.callerFor(bob);
    expect((await stranger.workspace.invitation({ token })).forYou).toBe(false);
    expect(await codeOf(stranger.workspace.acceptInvitation({ token }))).toBe("FORBIDDEN");
    expect(await findMembership(harness.db, { workspaceId: workspaceA.id, userId: bob.id })).toBe(
      undefined,
    );

    const invited = await harness.callerFor(carol);
    expect(await invited.workspace.acceptInvitation({ token })).toEqual({
      workspaceId: workspaceA.id,
      role: "reviewer",
    });
    expect(await codeOf(invited.workspace.acceptInvitation({ token }))).toBe("NOT_FOUND");
    const mine = await invited.workspace.mine();
    expect(mine.map((workspace) => workspace.name)).toContain("A");
    const inA = await harness.callerFor(carol, workspaceA.id);
    expect((await inA.batch.progress({ batchId: batchA })).total).toBe(2);
    expect(await codeOf(inA.batch.cancel({ batchId: batchA }))).toBe("FORBIDDEN");
  });

  it("only lets an owner hand out the owner role", async () => {
    const dana = await createTestUser(harness.db, { name: "Dana", email: "dana@example.test" });
    await addMembership(harness.db, {
      workspaceId: workspaceA.id,
      userId: dana.id,
      role: "admin",
    });
    const admin = await harness.callerFor(dana, workspaceA.id);
    expect(await codeOf(admin.workspace.invite({ email: "e@example.test", role: "owner" }))).toBe(
      "FORBIDDEN",
    );
    expect(await codeOf(admin.workspace.changeRole({ userId: alice.id, role: "viewer" }))).toBe(
      "FORBIDDEN",
    );
    expect(await codeOf(admin.workspace.removeMember({ userId: alice.id }))).toBe("FORBIDDEN");
    expect(await admin.workspace.changeRole({ userId: vera.id, role: "reviewer" })).toEqual({
      userId: vera.id,
      role: "reviewer",
    });
  });
});

// Who may read and change what, through the real router on a real Postgres and pg-boss: a member
// of one workspace never reaches another's batches or conversations (not even by naming it),
// viewers only read, and invitations only work for the address they were made for.
import { addMembership, createConversation, findMembership } from "@parley/db";
import {
  createTestDatabase,
  createTestUser,
  createTestWorkspace,
  type TestDatabase,
} from "@parley/db/testing";
import { createProgressHub, openQueue, type ProgressHub, type Queue } from "@parley/queue";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiServices,
  createApiContext,
  createSignedInContext,
  type UserRef,
} from "./context.ts";
import { appRouter } from "./root.ts";
import { createCallerFactory } from "./trpc.ts";

const createCaller = createCallerFactory(appRouter);

let database: TestDatabase;
let queue: Queue;
let progress: ProgressHub;
let services: ApiServices;

let alice: UserRef; // owner of A
let bob: UserRef; // owner of B
let vera: UserRef; // viewer in A
let workspaceA: { id: string; name: string };
let workspaceB: { id: string; name: string };
let batchA: string;
let conversationA: string;

/** A caller as hooks.server.ts builds one: the session's user, the workspace they asked for. */
async function callerFor(user: UserRef, requestedWorkspaceId?: string) {
  const { context } = await createSignedInContext(services, { user, requestedWorkspaceId });
  return createCaller(context);
}

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
  database = await createTestDatabase();
  queue = await openQueue({ databaseUrl: database.url, role: "producer" });
  progress = createProgressHub(database.url);
  services = { db: database.db, queue, progress, simulated: true };

  alice = await createTestUser(database.db, { name: "Alice", email: "alice@example.test" });
  bob = await createTestUser(database.db, { name: "Bob", email: "bob@example.test" });
  vera = await createTestUser(database.db, { name: "Vera", email: "vera@example.test" });
  workspaceA = await createTestWorkspace(database.db, {
    name: "A",
    seed: true,
    ownerUserId: alice.id,
  });
  workspaceB = await createTestWorkspace(database.db, {
    name: "B",
    seed: true,
    ownerUserId: bob.id,
  });
  await addMembership(database.db, { workspaceId: workspaceA.id, userId: vera.id, role: "viewer" });

  const created = await (await callerFor(alice)).batch.create({ count: 2, seed: 7 });
  batchA = created.id;
  const conversation = await createConversation(database.db, {
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
  await progress?.close();
  await queue?.stop({ graceful: false });
  await database?.destroy();
});

describe("workspace isolation", () => {
  it("lets the owner read their own batch and conversation", async () => {
    const api = await callerFor(alice);
    expect((await api.batch.progress({ batchId: batchA })).total).toBe(2);
    expect(await codeOf(api.conversation.get({ conversationId: conversationA }))).toBe("OK");
  });

  it("gives a member of another workspace NOT_FOUND for A's batch and conversation", async () => {
    const api = await callerFor(bob);
    expect(await codeOf(api.batch.progress({ batchId: batchA }))).toBe("NOT_FOUND");
    expect(await codeOf(api.batch.items({ batchId: batchA }))).toBe("NOT_FOUND");
    expect(await codeOf(api.conversation.get({ conversationId: conversationA }))).toBe("NOT_FOUND");
    expect((await api.batch.list()).map((batch) => batch.id)).not.toContain(batchA);
    expect(JSON.stringify(await api.conversation.list({}))).not.toContain(conversationA);
  });

  it("does not let them change A's batch", async () => {
    const api = await callerFor(bob);
    expect(await codeOf(api.batch.pause({ batchId: batchA }))).toBe("NOT_FOUND");
    expect(await codeOf(api.batch.cancel({ batchId: batchA }))).toBe("NOT_FOUND");
    expect(await codeOf(api.batch.retryFailed({ batchId: batchA }))).toBe("NOT_FOUND");
    const still = await (await callerFor(alice)).batch.progress({ batchId: batchA });
    expect(still.status).not.toBe("paused");
    expect(still.status).not.toBe("cancelled");
  });

  it("ignores a request to act in a workspace they are not a member of", async () => {
    const { active } = await createSignedInContext(services, {
      user: bob,
      requestedWorkspaceId: workspaceA.id,
    });
    expect(active?.id).toBe(workspaceB.id);
    const api = await callerFor(bob, workspaceA.id);
    expect(await codeOf(api.batch.progress({ batchId: batchA }))).toBe("NOT_FOUND");
    expect(await codeOf(api.batch.cancel({ batchId: batchA }))).toBe("NOT_FOUND");
  });

  it("refuses a context that names a workspace without a membership behind it", async () => {
    const forged = createCaller(
      createApiContext(services, { user: bob, workspace: { id: workspaceA.id, name: "A" } }),
    );
    expect(await codeOf(forged.batch.progress({ batchId: batchA }))).toBe("FORBIDDEN");
    expect(await codeOf(forged.conversation.get({ conversationId: conversationA }))).toBe(
      "FORBIDDEN",
    );
    expect(await codeOf(forged.batch.cancel({ batchId: batchA }))).toBe("FORBIDDEN");
  });

  it("asks anonymous callers to sign in", async () => {
    const anonymous = createCaller(
      createApiContext(services, { user: null, workspace: { id: workspaceA.id, name: "A" } }),
    );
    expect(await codeOf(anonymous.batch.list())).toBe("UNAUTHORIZED");
    expect(await codeOf(anonymous.workspace.mine())).toBe("UNAUTHORIZED");
  });
});

describe("roles", () => {
  it("lets a viewer read but not create or control batches", async () => {
    const api = await callerFor(vera);
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
    const api = await callerFor(vera);
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
    const api = await callerFor(alice);
    expect(await codeOf(api.workspace.changeRole({ userId: alice.id, role: "admin" }))).toBe(
      "CONFLICT",
    );
    expect(await codeOf(api.workspace.removeMember({ userId: alice.id }))).toBe("CONFLICT");
  });
});

describe("invitations", () => {
  it("join the workspace only for the invited address, once, in the invited role", async () => {
    const owner = await callerFor(alice);
    const carol = await createTestUser(database.db, { name: "Carol", email: "carol@example.test" });
    const { token } = await owner.workspace.invite({
      email: "Carol@Example.test",
      role: "reviewer",
    });

    const stranger = await callerFor(bob);
    expect((await stranger.workspace.invitation({ token })).forYou).toBe(false);
    expect(await codeOf(stranger.workspace.acceptInvitation({ token }))).toBe("FORBIDDEN");
    expect(await findMembership(database.db, { workspaceId: workspaceA.id, userId: bob.id })).toBe(
      undefined,
    );

    const invited = await callerFor(carol);
    expect(await invited.workspace.acceptInvitation({ token })).toEqual({
      workspaceId: workspaceA.id,
      role: "reviewer",
    });
    expect(await codeOf(invited.workspace.acceptInvitation({ token }))).toBe("NOT_FOUND");
    const mine = await invited.workspace.mine();
    expect(mine.map((workspace) => workspace.name)).toContain("A");
    const inA = await callerFor(carol, workspaceA.id);
    expect((await inA.batch.progress({ batchId: batchA })).total).toBe(2);
    expect(await codeOf(inA.batch.cancel({ batchId: batchA }))).toBe("FORBIDDEN");
  });

  it("only lets an owner hand out the owner role", async () => {
    const dana = await createTestUser(database.db, { name: "Dana", email: "dana@example.test" });
    await addMembership(database.db, {
      workspaceId: workspaceA.id,
      userId: dana.id,
      role: "admin",
    });
    const admin = await callerFor(dana, workspaceA.id);
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

// The live streams (batch progress, a single generation's draft) through the real router, on a real Postgres with its LISTEN/NOTIFY
// hub: it keeps delivering while the caller may watch, and ends with a clear error within a few
// seconds of the owner removing them from the workspace or of their session being revoked.
import { randomBytes } from "node:crypto";
import { addMembership, removeMembership } from "@parley/db";
import { createTestUser, createTestWorkspace } from "@parley/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSignedInContext, type UserRef } from "./context.ts";
import { type ApiHarness, openApiHarness } from "./test-support/api-harness.ts";

let harness: ApiHarness;
let owner: UserRef;
let workspace: { id: string; name: string };
let batchId: string;

/** A better-auth session row, as sign-in writes it. */
async function signIn(user: UserRef): Promise<string> {
  const id = `session_${randomBytes(8).toString("hex")}`;
  await harness.db
    .insertInto("sessions")
    .values({
      id,
      userId: user.id,
      token: randomBytes(16).toString("hex"),
      expiresAt: new Date(Date.now() + 3_600_000),
    })
    .execute();
  return id;
}

/** The stream as the batch page opens it, for a signed-in member. */
async function openStream(user: UserRef, sessionId: string) {
  const { context } = await createSignedInContext(harness.services, {
    user,
    sessionId,
    requestedWorkspaceId: workspace.id,
  });
  const stream = await harness.callerFrom(context).batch.onProgress({ batchId });
  return stream[Symbol.asyncIterator]();
}

async function memberWithSession(role: "viewer" | "reviewer" = "viewer") {
  const user = await createTestUser(harness.db);
  await addMembership(harness.db, { workspaceId: workspace.id, userId: user.id, role });
  return { user, sessionId: await signIn(user) };
}

/** A tracked event's payload (the caller hands back tRPC's [id, data] envelope). */
function viewOf(result: IteratorResult<unknown>): unknown {
  return (result.value as [string, unknown])[1];
}

/** How the stream ended, and after how long. */
async function endOf(next: Promise<unknown>) {
  const started = Date.now();
  try {
    await next;
    return { code: "OK", message: "", ms: Date.now() - started };
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return { code: error.code, message: error.message, ms: Date.now() - started };
  }
}

beforeAll(async () => {
  harness = await openApiHarness();
  owner = await createTestUser(harness.db, { name: "Owner" });
  workspace = await createTestWorkspace(harness.db, {
    name: "Live",
    seed: true,
    ownerUserId: owner.id,
  });
  // No worker runs here: the batch stays queued, so its stream stays open.
  batchId = (await (await harness.callerFor(owner)).batch.create({ count: 2, seed: 3 })).id;
});

afterAll(async () => {
  await harness?.close();
});

describe("batch.onProgress after it opened", () => {
  it("keeps delivering changes to a member", async () => {
    const { user, sessionId } = await memberWithSession();
    const stream = await openStream(user, sessionId);
    expect(viewOf(await stream.next())).toMatchObject({ batchId, done: false });
    // Past a few access checks, a change still arrives.
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    const next = stream.next();
    await (await harness.callerFor(owner)).batch.pause({ batchId });
    expect(viewOf(await next)).toMatchObject({ batchId, status: "paused" });
    await stream.return?.(undefined);
  });

  it("ends with FORBIDDEN within a few seconds of the owner removing the member", async () => {
    const { user, sessionId } = await memberWithSession("reviewer");
    const stream = await openStream(user, sessionId);
    await stream.next();
    const next = stream.next();
    await removeMembership(harness.db, { workspaceId: workspace.id, userId: user.id });
    const ended = await endOf(next);
    expect(ended.code).toBe("FORBIDDEN");
    expect(ended.message).toMatch(/no longer have access to this workspace/);
    expect(ended.ms).toBeLessThan(5_000);
  });

  it("ends with UNAUTHORIZED within a few seconds of the session being revoked", async () => {
    const { user, sessionId } = await memberWithSession();
    const stream = await openStream(user, sessionId);
    await stream.next();
    const next = stream.next();
    await harness.db.deleteFrom("sessions").where("id", "=", sessionId).execute();
    const ended = await endOf(next);
    expect(ended.code).toBe("UNAUTHORIZED");
    expect(ended.message).toMatch(/session has ended/);
    expect(ended.ms).toBeLessThan(5_000);
  });
});

describe("generate.onDraft after it opened", () => {
  it("ends with FORBIDDEN within a few seconds of the owner removing the member", async () => {
    const { user, sessionId } = await memberWithSession("reviewer");
    const { context } = await createSignedInContext(harness.services, {
      user,
      sessionId,
      requestedWorkspaceId: workspace.id,
    });
    const api = harness.callerFrom(context);
    const [personas, arcs, topics] = await Promise.all([
      api.scaffolding.personas.list(),
      api.scaffolding.arcs.list(),
      api.scaffolding.topics.list(),
    ]);
    // No worker runs here: the draft stays queued, so its stream stays open.
    const { draftId } = await api.generate.start({
      tier: "template",
      personaId: personas[0]?.id ?? "",
      arcId: arcs.find((arc) => arc.arcType === "core")?.id ?? "",
      topicId: topics[0]?.id ?? "",
    });
    const stream = (await api.generate.onDraft({ draftId }))[Symbol.asyncIterator]();
    expect(viewOf(await stream.next())).toMatchObject({ id: draftId, status: "queued" });
    const next = stream.next();
    await removeMembership(harness.db, { workspaceId: workspace.id, userId: user.id });
    const ended = await endOf(next);
    expect(ended.code).toBe("FORBIDDEN");
    expect(ended.ms).toBeLessThan(5_000);
  });
});

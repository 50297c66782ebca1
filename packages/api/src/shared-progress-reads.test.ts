// Live streams woken by the same change share one progress read, and a stream woken by a later
// change never gets a read sent before that change: it always sees the change that woke it.
import { createTestUser, createTestWorkspace } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readProgressSince } from "./shared-progress-reads.ts";
import { type ApiHarness, openApiHarness } from "./test-support/api-harness.ts";

let harness: ApiHarness;
let ref: { workspaceId: string; batchId: string };
let owner: Awaited<ReturnType<typeof createTestUser>>;

beforeAll(async () => {
  harness = await openApiHarness();
  owner = await createTestUser(harness.db, { name: "Owner" });
  const workspace = await createTestWorkspace(harness.db, {
    name: "Shared reads",
    seed: true,
    ownerUserId: owner.id,
  });
  // No worker runs here: the batch stays queued until the test changes it.
  const batch = await (await harness.callerFor(owner)).batch.create({ count: 2, seed: 5 });
  ref = { workspaceId: workspace.id, batchId: batch.id };
});

afterAll(async () => {
  await harness?.close();
});

describe("readProgressSince", () => {
  it("gives every stream woken by one change the same read, which shows the change", async () => {
    await (await harness.callerFor(owner)).batch.pause({ batchId: ref.batchId });
    const receivedAt = performance.now();
    const reads = Array.from({ length: 200 }, () => readProgressSince(harness.db, ref, receivedAt));
    expect(new Set(reads).size).toBe(1);
    const progress = await reads[0];
    expect(progress?.status).toBe("paused");
  });

  it("never answers a stream woken by a later change with a read sent before it", async () => {
    const before = readProgressSince(harness.db, ref, performance.now());
    await (await harness.callerFor(owner)).batch.resume({ batchId: ref.batchId });
    const after = readProgressSince(harness.db, ref, performance.now());
    expect(after).not.toBe(before);
    expect((await after)?.status).not.toBe("paused");
    await before;
  });

  it("keeps another workspace's batch apart", async () => {
    const other = { workspaceId: crypto.randomUUID(), batchId: ref.batchId };
    const since = performance.now();
    const mine = readProgressSince(harness.db, ref, since);
    const theirs = readProgressSince(harness.db, other, since);
    expect(theirs).not.toBe(mine);
    expect(await theirs).toBeUndefined();
    expect((await mine)?.batchId).toBe(ref.batchId);
  });
});

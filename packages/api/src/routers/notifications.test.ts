// The workspace notification stream over a real Postgres and LISTEN/NOTIFY: a batch that
// finishes is announced once to its workspace's members, never to another workspace.
import { updateBatchStatus } from "@parley/db";
import { createTestUser, createTestWorkspace } from "@parley/db/testing";
import { notifyBatchChanged } from "@parley/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, openApiHarness } from "../test-support/api-harness.ts";

let harness: ApiHarness;
beforeAll(async () => {
  harness = await openApiHarness();
});
afterAll(async () => {
  await harness?.close();
});

async function adminOf(name: string) {
  const user = await createTestUser(harness.db, { email: `${crypto.randomUUID()}@example.com` });
  const workspace = await createTestWorkspace(harness.db, {
    name,
    ownerUserId: user.id,
    seed: true,
  });
  return { api: await harness.callerFor(user, workspace.id), workspace };
}

async function finish(workspaceId: string, batchId: string) {
  await updateBatchStatus(harness.db, { workspaceId, batchId, status: "processing" });
  await updateBatchStatus(harness.db, { workspaceId, batchId, status: "cancelled" });
  await notifyBatchChanged(harness.db, batchId);
}

describe("notifications.onEvent", () => {
  it("announces a batch of the workspace that finishes, and not another workspace's", async () => {
    const mine = await adminOf("Mine");
    const theirs = await adminOf("Theirs");
    const myBatch = await mine.api.batch.create({ count: 1, seed: 1, name: "Mine to finish" });
    const theirBatch = await theirs.api.batch.create({ count: 1, seed: 1, name: "Not mine" });

    const stream = await mine.api.notifications.onEvent({});
    // The caller hands back tRPC's tracked [id, data] envelopes.
    const iterator = stream[Symbol.asyncIterator]();
    try {
      const first = await iterator.next();
      expect((first.value as unknown as [string, unknown])[1]).toMatchObject({ kind: "listening" });

      await finish(theirs.workspace.id, theirBatch.id);
      await finish(mine.workspace.id, myBatch.id);

      const next = await iterator.next();
      expect((next.value as unknown as [string, unknown])[1]).toMatchObject({
        kind: "batch_finished",
        batchId: myBatch.id,
        name: "Mine to finish",
        status: "cancelled",
      });
      // A later change to it is not a second announcement: the next event is the next batch.
      const another = await mine.api.batch.create({ count: 1, seed: 2, name: "Second" });
      await notifyBatchChanged(harness.db, myBatch.id);
      await finish(mine.workspace.id, another.id);
      const following = await iterator.next();
      expect((following.value as unknown as [string, unknown])[1]).toMatchObject({
        kind: "batch_finished",
        batchId: another.id,
      });
    } finally {
      await iterator.return?.();
    }
  });
});

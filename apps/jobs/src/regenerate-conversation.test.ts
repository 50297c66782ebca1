// Regeneration through the real worker and the simulated provider: the new version is generated
// with the edited parameters and the reviewer's note, linked to the old one by parent_id with the
// next version number, and the old one is archived in the same step; a second regeneration of
// the same conversation is refused while one is on its way.
import {
  findConversation,
  findLatestRegeneration,
  listConversationVersions,
  listGenerationLogs,
} from "@parley/db";
import { isAppError } from "@parley/generation";
import { createBatch, regenerateConversation } from "@parley/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BatchHarness, openBatchHarness } from "./test-support/batch-harness.ts";
import { isFinished, waitForBatch } from "./test-support/batch-observer.ts";

let harness: BatchHarness;

beforeAll(async () => {
  harness = await openBatchHarness({
    simulatorEnv: { PARLEY_SIM_LATENCY_MS: "20", PARLEY_SIM_SEED: "5" },
  });
});

afterAll(() => harness?.close());

describe("regenerateConversation", () => {
  it("generates a linked new version with the edited parameters and archives the old one", async () => {
    const { database, queue, workspaceId } = harness;
    const db = database.db;
    const batch = await createBatch(db, queue, {
      workspaceId,
      input: { count: 1, concurrency: 1, seed: 9 },
      simulated: true,
    });
    await waitForBatch(db, { workspaceId, batchId: batch.id }, isFinished);
    const original = await db
      .selectFrom("conversations")
      .selectAll()
      .where("batchId", "=", batch.id)
      .executeTakeFirst();
    if (!original) throw new Error("the batch produced no conversation");

    const { batchId } = await regenerateConversation(db, queue, {
      workspaceId,
      conversationId: original.id,
      overrides: { turnCount: 6, note: "Use fewer technical terms." },
      simulated: true,
    });
    // One at a time: asking again while the first is on its way is refused.
    await expect(
      regenerateConversation(db, queue, {
        workspaceId,
        conversationId: original.id,
        simulated: true,
      }),
    ).rejects.toSatisfy((error) => isAppError(error) && error.code === "CONFLICT");

    await waitForBatch(db, { workspaceId, batchId }, isFinished);
    const regeneration = await findLatestRegeneration(db, {
      workspaceId,
      conversationId: original.id,
    });
    expect(regeneration?.status).toBe("succeeded");
    const replacement = await findConversation(db, {
      workspaceId,
      conversationId: regeneration?.conversationId ?? "",
    });
    expect(replacement?.parentId).toBe(original.id);
    expect(replacement?.version).toBe(2);
    expect(replacement?.turns).toHaveLength(6);
    expect(replacement?.personaId).toBe(original.personaId);
    expect(replacement?.duplicateOf).toBeNull();

    const old = await findConversation(db, { workspaceId, conversationId: original.id });
    expect(old?.status).toBe("archived");
    const chain = await listConversationVersions(db, {
      workspaceId,
      conversationId: original.id,
    });
    expect(chain.map((c) => [c.version, c.status === "archived"])).toEqual([
      [1, true],
      [2, false],
    ]);

    // The note reached the model, and the call is in the new version's generation log.
    const logs = await listGenerationLogs(db, {
      workspaceId,
      conversationId: replacement?.id ?? "",
    });
    expect(logs.length).toBeGreaterThan(0);
    expect(JSON.stringify(logs[0]?.request)).toContain("Use fewer technical terms.");

    // An archived version cannot be regenerated again: its newest version is the one to use.
    await expect(
      regenerateConversation(db, queue, {
        workspaceId,
        conversationId: original.id,
        simulated: true,
      }),
    ).rejects.toSatisfy((error) => isAppError(error) && error.code === "CONFLICT");
  });
});

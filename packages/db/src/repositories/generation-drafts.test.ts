import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleTurns, seededWorkspace } from "../testing/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../testing/index.ts";
import {
  claimGenerationDraft,
  completeGenerationDraft,
  createGenerationDraft,
  failGenerationDraft,
  saveGenerationDraft,
} from "./generation-drafts.ts";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb?.destroy();
});

describe("generation drafts", () => {
  it("survives a job that runs twice, and saves one conversation however often it is saved", async () => {
    const { db } = testDb;
    const { workspace, scaffolding } = await seededWorkspace(db, "Drafts");
    const ref = { workspaceId: workspace.id };
    const draft = await createGenerationDraft(db, { ...ref, input: { tier: "template" } });
    const draftRef = { ...ref, draftId: draft.id };

    // A retryable failure puts it back in the queue; the redelivered job claims it again.
    expect((await claimGenerationDraft(db, draftRef))?.attempts).toBe(1);
    await failGenerationDraft(db, {
      ...draftRef,
      error: "529 overloaded",
      errorCode: "overloaded",
      requeue: true,
    });
    const second = await claimGenerationDraft(db, draftRef);
    expect(second).toMatchObject({ status: "running", attempts: 2, error: null });

    await completeGenerationDraft(db, { ...draftRef, result: { title: "Done" } });
    // A late duplicate of the job finds it finished and leaves it alone.
    expect(await claimGenerationDraft(db, draftRef)).toBeUndefined();
    expect(
      await failGenerationDraft(db, { ...draftRef, error: "late", errorCode: "x" }),
    ).toBeUndefined();

    const conversation = () => ({
      tier: "template" as const,
      title: "Done",
      personaId: scaffolding.personas[0]?.id ?? null,
      turns: sampleTurns(4),
    });
    const first = await saveGenerationDraft(db, { ...draftRef, conversation });
    const again = await saveGenerationDraft(db, { ...draftRef, conversation });
    expect(first.draft.status).toBe("saved");
    expect(again.conversation.id).toBe(first.conversation.id);
    const stored = await db
      .selectFrom("conversations")
      .select(["id", "batchId", "turnCount"])
      .where("workspaceId", "=", workspace.id)
      .execute();
    expect(stored).toEqual([{ id: first.conversation.id, batchId: null, turnCount: 4 }]);
  });

  it("refuses to save a draft that is still running", async () => {
    const { db } = testDb;
    const { workspace } = await seededWorkspace(db, "Running");
    const draft = await createGenerationDraft(db, { workspaceId: workspace.id, input: {} });
    await expect(
      saveGenerationDraft(db, {
        workspaceId: workspace.id,
        draftId: draft.id,
        conversation: () => ({ tier: "template", turns: [] }),
      }),
    ).rejects.toThrow("This generation has not finished yet.");
  });
});

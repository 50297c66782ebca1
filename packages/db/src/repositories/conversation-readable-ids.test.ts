import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleTurns, seededWorkspace } from "../testing/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../testing/index.ts";
import { listConversations } from "./conversation-list.ts";
import { findConversationIdByReadableId } from "./conversation-readable-ids.ts";
import { createConversation } from "./conversations.ts";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb?.destroy();
});

describe("readable conversation ids", () => {
  it("numbers each persona's conversations fp_<persona>_001, 002… per workspace", async () => {
    const { db } = testDb;
    const { workspace, scaffolding } = await seededWorkspace(db);
    const other = await seededWorkspace(db, "Other");
    const [first, second] = scaffolding.personas;
    if (!first || !second) throw new Error("the seed has two personas");
    const make = (workspaceId: string, personaId: string | null) =>
      createConversation(db, { workspaceId, tier: "template", personaId, turns: sampleTurns(2) });

    const a1 = await make(workspace.id, first.id);
    const a2 = await make(workspace.id, first.id);
    const b1 = await make(workspace.id, second.id);
    const none = await make(workspace.id, null);
    const elsewhere = await make(other.workspace.id, other.scaffolding.personas[0]?.id ?? null);

    expect(a1.readableId).toBe(`fp_${first.key}_001`);
    expect(a2.readableId).toBe(`fp_${first.key}_002`);
    expect(b1.readableId).toBe(`fp_${second.key}_001`);
    expect(none.readableId).toBe("fp_conversation_001");
    // Another workspace counts on its own.
    expect(elsewhere.readableId).toMatch(/_001$/);
  });

  it("keeps the id across a regeneration that replaces the conversation, and finds the live version", async () => {
    const { db } = testDb;
    const { workspace, scaffolding } = await seededWorkspace(db);
    const personaId = scaffolding.personas[0]?.id ?? null;
    const original = await createConversation(db, {
      workspaceId: workspace.id,
      tier: "template",
      personaId,
      turns: sampleTurns(2),
    });
    const regenerated = await createConversation(db, {
      workspaceId: workspace.id,
      tier: "template",
      personaId,
      turns: sampleTurns(2),
      parentId: original.id,
      replaceParent: true,
    });
    expect(regenerated.readableId).toBe(original.readableId);
    expect(regenerated.version).toBe(2);
    const found = await findConversationIdByReadableId(db, {
      workspaceId: workspace.id,
      readableId: original.readableId.toUpperCase(),
    });
    expect(found).toBe(regenerated.id);
    // Not in another workspace, and not for text that is no readable id.
    const other = await seededWorkspace(db, "Other");
    expect(
      await findConversationIdByReadableId(db, {
        workspaceId: other.workspace.id,
        readableId: original.readableId,
      }),
    ).toBeUndefined();
    expect(
      await findConversationIdByReadableId(db, {
        workspaceId: workspace.id,
        readableId: "x' or 1=1",
      }),
    ).toBeUndefined();
  });

  it("is found by the list's search box", async () => {
    const { db } = testDb;
    const { workspace, scaffolding } = await seededWorkspace(db);
    const personaId = scaffolding.personas[1]?.id ?? null;
    const rows = [];
    for (let n = 0; n < 3; n++) {
      rows.push(
        await createConversation(db, {
          workspaceId: workspace.id,
          tier: "template",
          personaId,
          title: "Same title",
          turns: sampleTurns(2),
        }),
      );
    }
    const page = await listConversations(db, {
      workspaceId: workspace.id,
      filters: { search: rows[1]?.readableId },
    });
    expect(page.items.map((item) => item.id)).toEqual([rows[1]?.id]);
  });
});

// Near-duplicate bookkeeping on the real Postgres: completeItem finds earlier conversations that
// share a band key, records duplicate_of, keeps two simultaneous identical items from missing
// each other, and exports leave the duplicate out.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSampleBatch, sampleTurns, seededWorkspace } from "../testing/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../testing/index.ts";
import { completeItem } from "./batch-items/complete-item.ts";
import { markItemProcessing } from "./batch-items/mark-item-processing.ts";
import { listBatchItems } from "./batches.ts";
import { countConversationsForExport } from "./conversation-export-stream.ts";
import type { SignatureCandidate } from "./conversation-signatures.ts";
import { archiveConversation } from "./conversations.ts";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb?.destroy();
});

/** Stands in for the MinHash comparison: a candidate with the same signature text matches. */
function sameSignature(signature: string, bandKeys: number[], seen?: SignatureCandidate[][]) {
  return {
    signature,
    bandKeys,
    choose: (candidates: SignatureCandidate[]) => {
      seen?.push(candidates);
      return candidates.find((c) => c.signature === signature)?.conversationId ?? null;
    },
  };
}

async function setup(items: number) {
  const { db } = testDb;
  const { workspace, scaffolding } = await seededWorkspace(db);
  const batch = await createSampleBatch(db, { workspace, scaffolding, items });
  const batchItems = await listBatchItems(db, { workspaceId: workspace.id, batchId: batch.id });
  for (const item of batchItems)
    await markItemProcessing(db, { workspaceId: workspace.id, itemId: item.id });
  const complete = (index: number, nearDuplicates: ReturnType<typeof sameSignature>) =>
    completeItem(db, {
      workspaceId: workspace.id,
      itemId: batchItems[index]?.id ?? "",
      conversation: { title: `Item ${index + 1}` },
      turns: sampleTurns(4),
      nearDuplicates,
    });
  return { db, workspace, batch, complete };
}

describe("near-duplicates in completeItem", () => {
  it("marks a conversation that shares a band and matches as a duplicate of the earlier one", async () => {
    const { db, workspace, complete } = await setup(3);
    const seen: SignatureCandidate[][] = [];
    const first = await complete(0, sameSignature("sig-A", [11, 12, 13], seen));
    const second = await complete(1, sameSignature("sig-A", [99, 13], seen));
    const third = await complete(2, sameSignature("sig-B", [21, 22], seen));

    expect(first.conversation.duplicateOf).toBeNull();
    expect(second.conversation.duplicateOf).toBe(first.conversation.id);
    expect(third.conversation.duplicateOf).toBeNull();
    // Only rows sharing a key are candidates: none for the first and the third.
    expect(seen.map((candidates) => candidates.map((c) => c.conversationId))).toEqual([
      [],
      [first.conversation.id],
      [],
    ]);

    // Exports (and lists) leave the duplicate out unless asked for it.
    const scope = { workspaceId: workspace.id };
    expect(await countConversationsForExport(db, scope)).toBe(2);
    expect(
      await countConversationsForExport(db, { ...scope, filters: { includeDuplicates: true } }),
    ).toBe(3);
  });

  it("does not match archived conversations, nor other workspaces", async () => {
    const { db, workspace, complete } = await setup(2);
    const other = await setup(1);
    await other.complete(0, sameSignature("sig-C", [31]));
    const first = await complete(0, sameSignature("sig-C", [31]));
    expect(first.conversation.duplicateOf).toBeNull();
    await archiveConversation(db, {
      workspaceId: workspace.id,
      conversationId: first.conversation.id,
    });
    const second = await complete(1, sameSignature("sig-C", [31]));
    expect(second.conversation.duplicateOf).toBeNull();
  });

  it("flags exactly one of two identical conversations stored at the same moment", async () => {
    const { complete } = await setup(2);
    const [a, b] = await Promise.all([
      complete(0, sameSignature("sig-D", [41, 42])),
      complete(1, sameSignature("sig-D", [41, 42])),
    ]);
    const flagged = [a, b].filter((result) => result.conversation.duplicateOf !== null);
    expect(flagged).toHaveLength(1);
    const original = [a, b].find((result) => result.conversation.duplicateOf === null);
    expect(flagged[0]?.conversation.duplicateOf).toBe(original?.conversation.id);
  });

  it("finds candidates through the GIN index on band_keys", async () => {
    const plan = await testDb.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      return sql<{ "QUERY PLAN": string }>`
        explain select conversation_id from conversation_signatures
        where band_keys && array[41, 42]::integer[]`.execute(trx);
    });
    expect(plan.rows.map((row) => row["QUERY PLAN"]).join("\n")).toContain(
      "conversation_signatures_band_keys_idx",
    );
  });
});

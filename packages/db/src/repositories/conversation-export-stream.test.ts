import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleTurns, seededWorkspace } from "../testing/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../testing/index.ts";
import {
  countConversationsForExport,
  type ExportConversationRow,
  streamConversationsForExport,
} from "./conversation-export-stream.ts";
import { countConversations } from "./conversation-list.ts";
import { archiveConversation, createConversation, reviewConversation } from "./conversations.ts";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb?.destroy();
});

async function collect(
  iterable: AsyncIterable<ExportConversationRow>,
): Promise<ExportConversationRow[]> {
  const rows: ExportConversationRow[] = [];
  for await (const row of iterable) rows.push(row);
  return rows;
}

describe("streamConversationsForExport", () => {
  it("yields every matching conversation, oldest first, with its turns in order and its scaffolding", async () => {
    const { db } = testDb;
    const { workspace, scaffolding } = await seededWorkspace(db);
    const persona = scaffolding.personas[0];
    const arc = scaffolding.arcs[0];
    const edgeCase = scaffolding.edgeCases[0];
    if (!persona || !arc || !edgeCase) throw new Error("seed missing");

    const ids: string[] = [];
    for (let i = 0; i < 250; i++) {
      const conversation = await createConversation(db, {
        workspaceId: workspace.id,
        tier: i % 50 === 0 ? "edge_case" : "template",
        status: i % 10 === 0 ? "approved" : "generated",
        personaId: persona.id,
        arcId: arc.id,
        topicId: scaffolding.topics[i % scaffolding.topics.length]?.id ?? null,
        edgeCaseId: i % 50 === 0 ? edgeCase.id : null,
        title: `Conversation ${i}`,
        simulated: true,
        turns: sampleTurns(2 + (i % 7), `c${i}`),
      });
      ids.push(conversation.id);
    }
    await reviewConversation(db, {
      workspaceId: workspace.id,
      conversationId: ids[0] ?? "",
      action: "comment",
      notes: "Lovely validation in turn 2",
    });

    // A small chunk size makes the cursor fetch many times.
    const rows = await collect(
      streamConversationsForExport(db, { workspaceId: workspace.id, chunkSize: 16 }),
    );
    expect(rows.map((row) => row.id)).toEqual(ids);
    rows.forEach((row, i) => {
      expect(row.turns.map((turn) => turn.turnNumber)).toEqual(
        Array.from({ length: 2 + (i % 7) }, (_, n) => n + 1),
      );
      expect(row.turns[0]).toMatchObject({
        role: "user",
        content: `c${i} 1`,
        emotion: { primary: "anxiety" },
      });
    });
    expect(rows[0]).toMatchObject({
      tier: "edge_case",
      persona: { key: persona.key, name: persona.name, description: persona.description },
      arc: { key: arc.key, startEmotion: arc.startEmotion, endEmotion: arc.endEmotion },
      edgeCase: { key: edgeCase.key, expectedBehavior: edgeCase.expectedBehavior },
      simulated: true,
      reviewerNotes: "Lovely validation in turn 2",
      // The readable id travels with the export (its metadata in every format).
      readableId: `fp_${persona.key}_001`,
    });
    expect(rows[249]?.readableId).toBe(`fp_${persona.key}_250`);
    expect(rows[0]?.createdAt).toBeInstanceOf(Date);
    expect(rows[1]?.edgeCase).toBeNull();

    const approved = await collect(
      streamConversationsForExport(db, {
        workspaceId: workspace.id,
        filters: { statuses: ["approved"] },
      }),
    );
    expect(approved).toHaveLength(25);
    expect(
      await countConversationsForExport(db, {
        workspaceId: workspace.id,
        filters: { statuses: ["approved"] },
      }),
    ).toBe(25);
  });

  it("releases its connection when the consumer stops early", async () => {
    const { db } = testDb;
    const { workspace } = await seededWorkspace(db, "Early stop");
    for (let i = 0; i < 20; i++) {
      await createConversation(db, {
        workspaceId: workspace.id,
        tier: "template",
        turns: sampleTurns(2),
      });
    }
    // The pool has 5 connections; abandoning 10 streams would exhaust it if they leaked.
    for (let attempt = 0; attempt < 10; attempt++) {
      for await (const _row of streamConversationsForExport(db, {
        workspaceId: workspace.id,
        chunkSize: 2,
      })) {
        break;
      }
    }
    expect(await countConversationsForExport(db, { workspaceId: workspace.id })).toBe(20);
  });

  it("leaves near-duplicates out unless asked, while the conversation list still shows them", async () => {
    const { db } = testDb;
    const { workspace } = await seededWorkspace(db, "Duplicates");
    const original = await createConversation(db, {
      workspaceId: workspace.id,
      tier: "template",
      turns: sampleTurns(2, "original"),
    });
    const twin = await createConversation(db, {
      workspaceId: workspace.id,
      tier: "template",
      duplicateOf: original.id,
      turns: sampleTurns(2, "twin"),
    });
    const exported = await collect(streamConversationsForExport(db, { workspaceId: workspace.id }));
    expect(exported.map((row) => row.id)).toEqual([original.id]);
    expect(await countConversationsForExport(db, { workspaceId: workspace.id })).toBe(1);

    const withDuplicates = { workspaceId: workspace.id, filters: { includeDuplicates: true } };
    expect(
      (await collect(streamConversationsForExport(db, withDuplicates))).map((r) => r.id),
    ).toEqual([original.id, twin.id]);
    expect(await countConversationsForExport(db, withDuplicates)).toBe(2);
    expect(await countConversations(db, { workspaceId: workspace.id })).toBe(2);

    // Once the original is archived (regenerated away), its twin is what the dataset keeps.
    await archiveConversation(db, { workspaceId: workspace.id, conversationId: original.id });
    const afterArchive = await collect(
      streamConversationsForExport(db, { workspaceId: workspace.id }),
    );
    expect(afterArchive.map((row) => row.id)).toEqual([twin.id]);
    expect(await countConversationsForExport(db, { workspaceId: workspace.id })).toBe(1);
  });
});

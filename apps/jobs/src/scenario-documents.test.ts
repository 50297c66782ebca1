// Scenario conversations drawn from uploaded documents, end to end: a batch plans its scenario
// items over both documents' chunks, each conversation records the chunk (and so its document),
// and the rich exports carry document_id and chunk_id for every one of them.
import { Writable } from "node:stream";
import { listSourceChunks, retireSourceChunk } from "@parley/db";
import { addSourceDocument, createBatch, streamExport } from "@parley/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BatchHarness, openBatchHarness } from "./test-support/batch-harness.ts";
import { waitForBatch } from "./test-support/batch-observer.ts";

let harness: BatchHarness;

beforeAll(async () => {
  harness = await openBatchHarness({ simulatorEnv: { PARLEY_SIM_SEED: "5" } });
});

afterAll(() => harness?.close());

class Collect extends Writable {
  readonly parts: Buffer[] = [];
  constructor() {
    super({
      write: (chunk: Buffer, _encoding, callback) => {
        this.parts.push(Buffer.from(chunk));
        callback();
      },
    });
  }
  records(): Record<string, unknown>[] {
    return Buffer.concat(this.parts)
      .toString("utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  }
}

const upload = (fileName: string, text: string) => ({
  fileName,
  bytes: new Uint8Array(Buffer.from(text, "utf8")),
});

describe("a batch over uploaded documents", () => {
  it("spreads scenario conversations over the documents and exports their document and chunk ids", async () => {
    const { database, queue, workspaceId } = harness;
    const db = database.db;
    // Only uploaded chunks remain for the planner: the seed's typed-in excerpts are retired.
    for (const chunk of await listSourceChunks(db, { workspaceId })) {
      await retireSourceChunk(db, { workspaceId, id: chunk.id });
    }
    const savings = await addSourceDocument(db, {
      workspaceId,
      userId: null,
      file: upload(
        "savings.md",
        "# Savings\n\nPay yourself first.\n\n## Buffer\n\nThree months of costs.\n\n## Goals\n\nName each pot.",
      ),
    });
    const debt = await addSourceDocument(db, {
      workspaceId,
      userId: null,
      file: upload("debt.md", "# Debt\n\nList every balance.\n\n## Order\n\nHighest rate first."),
    });
    const documentOf = new Map(
      [savings, debt].flatMap(({ document, chunks }) => chunks.map((c) => [c.id, document.id])),
    );

    const batch = await createBatch(db, queue, {
      workspaceId,
      input: { tierCounts: { template: 0, scenario: 6, edge_case: 0 }, seed: 9, concurrency: 3 },
      simulated: true,
    });
    const done = await waitForBatch(db, { workspaceId, batchId: batch.id }, (b) =>
      ["completed", "failed", "cancelled"].includes(b.status),
    );
    expect(done.status).toBe("completed");

    const conversations = await db
      .selectFrom("conversations")
      .select(["id", "sourceChunkId"])
      .where("batchId", "=", batch.id)
      .execute();
    expect(conversations).toHaveLength(6);
    const used = conversations.map((c) => documentOf.get(c.sourceChunkId ?? ""));
    // Every conversation is written from an uploaded chunk, three from each document.
    expect(used.filter((id) => id === savings.document.id)).toHaveLength(3);
    expect(used.filter((id) => id === debt.document.id)).toHaveLength(3);

    const messages = new Collect();
    await streamExport(db, messages, {
      workspaceId,
      format: "messages",
      filters: { batchId: batch.id },
    });
    const exported = messages.records().map((r) => r.metadata as Record<string, string>);
    expect(exported).toHaveLength(6);
    for (const metadata of exported) {
      const conversation = conversations.find((c) => c.id === metadata.id);
      expect(metadata.chunk_id).toBe(conversation?.sourceChunkId);
      expect(metadata.document_id).toBe(documentOf.get(metadata.chunk_id as string));
    }

    const pairs = new Collect();
    await streamExport(db, pairs, {
      workspaceId,
      format: "training_pairs",
      filters: { batchId: batch.id },
    });
    for (const record of pairs.records()) {
      const pair = (
        record.training_pairs as {
          conversation_metadata: { source_context: Record<string, unknown> };
        }[]
      )[0];
      const context = pair?.conversation_metadata.source_context;
      expect(context?.document_id).toBe(documentOf.get(context?.chunk_id as string));
      expect([savings.document.title, debt.document.title]).toContain(context?.document_title);
      expect((context?.heading_path as string[] | undefined)?.length ?? 0).toBeGreaterThan(0);
    }
  });
});

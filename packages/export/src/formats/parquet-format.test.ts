import { Writable } from "node:stream";
import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { describe, expect, it } from "vitest";
import type { ExportConversation } from "../export-conversation.ts";
import { exportToStream } from "../export-to-stream.ts";
import { makeConversations, streamOf, turn } from "../testing/conversation-fixtures.ts";
import { MemoryOutput } from "../testing/memory-output.ts";
import { validateParquetRow } from "./parquet-format.ts";

function arrayBufferOf(buffer: Buffer): ArrayBuffer {
  return buffer.buffer.slice(
    buffer.byteOffset,
    buffer.byteOffset + buffer.byteLength,
  ) as ArrayBuffer;
}

describe("Parquet format", () => {
  it("round-trips messages as a list of {role, content} structs plus the metadata columns", async () => {
    const output = new MemoryOutput();
    const conversations = makeConversations(5, (i) => ({
      simulated: i === 2,
      qualityScore: i === 3 ? null : 7 + i / 10,
    }));
    const result = await exportToStream(streamOf(conversations), "parquet", output, {
      options: { systemPrompt: "Be kind.", rowGroupSize: 2 },
    });
    expect(result.rows).toBe(5);
    const file = arrayBufferOf(output.buffer());
    const rows = (await parquetReadObjects({ file })) as Array<Record<string, unknown>>;
    expect(rows.map((row) => row.id)).toEqual(conversations.map((c) => c.id));
    expect(rows[0]?.messages).toEqual([
      { role: "system", content: "Be kind." },
      { role: "user", content: conversations[0]?.turns[0]?.content },
      { role: "assistant", content: conversations[0]?.turns[1]?.content },
      { role: "user", content: conversations[0]?.turns[2]?.content },
      { role: "assistant", content: conversations[0]?.turns[3]?.content },
    ]);
    expect(rows.map((row) => row.simulated)).toEqual([false, false, true, false, false]);
    expect(rows[3]?.quality_score).toBeNull();
    expect(rows[1]).toMatchObject({
      tier: "scenario",
      persona: "overwhelmed_avoider",
      num_turns: 4,
      quality_score: 7.1,
    });
    // Bounded memory: rows are written in groups of the requested size.
    expect(parquetMetadata(file).row_groups.map((group) => Number(group.num_rows))).toEqual([
      2, 2, 1,
    ]);
  });

  it("writes a readable file with zero rows", async () => {
    const output = new MemoryOutput();
    await exportToStream(streamOf([]), "parquet", output);
    const rows = await parquetReadObjects({ file: arrayBufferOf(output.buffer()) });
    expect(rows).toEqual([]);
  });

  it("emits each row group before the source is exhausted instead of buffering everything", async () => {
    const bytesSeenAtPull: number[] = [];
    const output = new MemoryOutput();
    async function* source(): AsyncGenerator<ExportConversation> {
      for (const conversation of makeConversations(30)) {
        bytesSeenAtPull.push(output.buffer().length);
        yield conversation;
      }
    }
    await exportToStream(source(), "parquet", output, { options: { rowGroupSize: 10 } });
    // Before the 11th and 21st rows are pulled, the earlier groups are already in the output.
    expect(bytesSeenAtPull[10]).toBeGreaterThan(4);
    expect(bytesSeenAtPull[20]).toBeGreaterThan(bytesSeenAtPull[10] ?? 0);
  });

  it("skips a conversation without an assistant answer and rejects an invalid row", async () => {
    const output = new MemoryOutput();
    const [good] = makeConversations(1);
    if (!good) throw new Error("fixture");
    const result = await exportToStream(
      streamOf([good, { ...good, id: "lonely", turns: [turn(1, "user", "Anyone?")] }]),
      "parquet",
      output,
    );
    expect(result).toMatchObject({ rows: 1, skipped: 1 });
    expect(
      validateParquetRow({ id: "", simulated: "no", messages: [] }).map((issue) => issue.path),
    ).toEqual(["id", "simulated", "messages"]);
  });

  it("fails with a clear error when the output breaks", async () => {
    const broken = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error("disk full"));
      },
    });
    broken.on("error", () => {});
    await expect(
      exportToStream(streamOf(makeConversations(3)), "parquet", broken, {
        options: { rowGroupSize: 1 },
      }),
    ).rejects.toThrow(/disk full/);
  });
});

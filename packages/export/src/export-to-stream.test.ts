import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ExportConversation } from "./export-conversation.ts";
import { type ExportProgress, exportToStream } from "./export-to-stream.ts";
import { makeConversations, streamOf } from "./testing/conversation-fixtures.ts";
import { MemoryOutput } from "./testing/memory-output.ts";

describe("exportToStream", () => {
  it("returns the row count, byte count and SHA-256 of what reached the output", async () => {
    const output = new MemoryOutput();
    const result = await exportToStream(streamOf(makeConversations(7)), "messages", output);
    const bytes = output.buffer();
    expect(result).toMatchObject({ rows: 7, skipped: 0, bytes: bytes.length });
    expect(result.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(output.writableEnded).toBe(true);
  });

  it("reports progress while it runs and once at the end", async () => {
    const events: ExportProgress[] = [];
    await exportToStream(streamOf(makeConversations(25)), "sharegpt", new MemoryOutput(), {
      progressEvery: 10,
      onProgress: (progress) => events.push(progress),
    });
    expect(events.map((event) => event.rows)).toEqual([10, 20, 25]);
    expect(events[0]?.bytes).toBeGreaterThan(0);
  });

  it("does not read ahead of a slow output", async () => {
    const output = new MemoryOutput({ highWaterMark: 1, delayMs: 1 });
    let maxAhead = 0;
    let pulled = 0;
    async function* source(): AsyncGenerator<ExportConversation> {
      for (const conversation of makeConversations(200)) {
        pulled++;
        // Each conversation is one write; anything pulled but not yet delivered is buffered.
        maxAhead = Math.max(maxAhead, pulled - output.chunks.length);
        yield conversation;
      }
    }
    const result = await exportToStream(source(), "messages", output);
    expect(result.rows).toBe(200);
    // Bounded by the stream buffers (about 16 KiB), not by the 200 conversations.
    expect(maxAhead).toBeLessThan(40);
  });

  it("can leave the output open, e.g. for stdout", async () => {
    const output = new MemoryOutput();
    await exportToStream(streamOf(makeConversations(2)), "csv", output, { endOutput: false });
    expect(output.writableEnded).toBe(false);
    output.write("still open\n");
    expect(output.text()).toMatch(/still open\n$/);
  });

  it("stops when aborted", async () => {
    const controller = new AbortController();
    async function* source(): AsyncGenerator<ExportConversation> {
      for (const conversation of makeConversations(10)) {
        if (conversation.id === "conv-0005") controller.abort();
        yield conversation;
      }
    }
    await expect(
      exportToStream(source(), "json", new MemoryOutput(), { signal: controller.signal }),
    ).rejects.toThrow(/abort/i);
  });

  it("names the formats it knows when given an unknown one", async () => {
    await expect(
      exportToStream(streamOf([]), "xml" as "json", new MemoryOutput()),
    ).rejects.toMatchObject({
      reason: "unknown_format",
      message: expect.stringMatching(/messages, sharegpt, training_pairs, json, csv, parquet/),
    });
  });
});

import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { exportToStream } from "./export-to-stream.ts";
import { EXPORT_FORMAT_IDS } from "./format-registry.ts";
import { makeConversations, streamOf, TEST_PROFILE } from "./testing/conversation-fixtures.ts";
import { MemoryOutput } from "./testing/memory-output.ts";
import { validateExportFile } from "./validate-export-file.ts";

const OPTIONS = { consultantProfile: TEST_PROFILE, datasetName: "d", datasetVersion: "1" };

describe("validateExportFile", () => {
  it.each(EXPORT_FORMAT_IDS)(
    "accepts what the %s writer produces, from a stream",
    async (format) => {
      const output = new MemoryOutput();
      await exportToStream(streamOf(makeConversations(4)), format, output, { options: OPTIONS });
      const result = await validateExportFile(format, Readable.from([output.buffer()]));
      expect(result.issues).toEqual([]);
    },
  );

  it.each(EXPORT_FORMAT_IDS)("rejects a file that is not %s", async (format) => {
    const result = await validateExportFile(format, Buffer.from('{"hello": "world"}\n'));
    expect(result.valid).toBe(false);
  });
});

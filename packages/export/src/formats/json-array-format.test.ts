import { describe, expect, it } from "vitest";
import { exportToStream } from "../export-to-stream.ts";
import { makeConversation, makeConversations, streamOf } from "../testing/conversation-fixtures.ts";
import { MemoryOutput } from "../testing/memory-output.ts";
import { validateJsonArray } from "./json-array-format.ts";

describe("JSON array format", () => {
  it("streams a parseable array with every conversation and its flags", async () => {
    const output = new MemoryOutput();
    const conversations = makeConversations(3, (i) => ({
      simulated: i === 1,
      isHumanEdited: i === 2,
    }));
    const result = await exportToStream(streamOf(conversations), "json", output);
    expect(result.rows).toBe(3);
    const parsed = JSON.parse(output.text()) as Array<{
      id: string;
      simulated: boolean;
      human_edited: boolean;
      turns: unknown[];
    }>;
    expect(parsed.map((element) => [element.id, element.simulated, element.human_edited])).toEqual([
      ["conv-0001", false, false],
      ["conv-0002", true, false],
      ["conv-0003", false, true],
    ]);
    expect(parsed[0]?.turns).toHaveLength(4);
    expect(validateJsonArray(output.text())).toEqual({ valid: true, issues: [] });
  });

  it("writes [] for an empty export", async () => {
    const output = new MemoryOutput();
    await exportToStream(streamOf([]), "json", output);
    expect(JSON.parse(output.text())).toEqual([]);
  });

  it("the validator points at the broken element", () => {
    const good = JSON.parse(JSON.stringify([makeConversation()]));
    expect(validateJsonArray("{")).toMatchObject({ valid: false });
    expect(validateJsonArray("{}").issues[0]?.message).toMatch(/JSON array/);
    const array = [
      {
        id: "x",
        tier: "template",
        status: "approved",
        title: "t",
        turns: [{ turn_number: 1, role: "user", content: "a" }],
        simulated: false,
        human_edited: false,
        created_at: "2025-01-01T00:00:00.000Z",
      },
      { id: "y", tier: "unknown" },
    ];
    const result = validateJsonArray(JSON.stringify(array));
    expect(result.valid).toBe(false);
    expect(new Set(result.issues.map((issue) => issue.line))).toEqual(new Set([2]));
    expect(good).toHaveLength(1);
  });
});

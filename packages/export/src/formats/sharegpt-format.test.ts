import { describe, expect, it } from "vitest";
import { exportToStream } from "../export-to-stream.ts";
import { makeConversation, streamOf, turn } from "../testing/conversation-fixtures.ts";
import { MemoryOutput } from "../testing/memory-output.ts";
import { toShareGptRecord, validateShareGptRecord } from "./sharegpt-format.ts";
import { validateJsonLines } from "./validate-json-lines.ts";

describe("ShareGPT format", () => {
  it("maps user/assistant to human/gpt and puts the system prompt in `system`", () => {
    const record = toShareGptRecord(makeConversation({ simulated: true }), {
      systemPrompt: "Be kind.",
    });
    expect(record.system).toBe("Be kind.");
    expect(record.conversations.map((m) => m.from)).toEqual(["human", "gpt", "human", "gpt"]);
    expect(record.conversations[1]?.value).toContain("Thank you for telling me");
    expect(record.metadata?.simulated).toBe(true);
    expect(validateShareGptRecord(record)).toEqual([]);
  });

  it("has no `system` key without a system prompt, and folds it when asked", () => {
    expect("system" in toShareGptRecord(makeConversation())).toBe(false);
    const folded = toShareGptRecord(makeConversation(), {
      systemPrompt: "Be kind.",
      systemMode: "fold",
    });
    expect("system" in folded).toBe(false);
    expect(folded.conversations[0]?.value.startsWith("Be kind.\n\n")).toBe(true);
  });

  it.each([
    [
      "starts with gpt",
      {
        conversations: [
          { from: "gpt", value: "a" },
          { from: "human", value: "b" },
        ],
      },
      /alternate/,
    ],
    [
      "ends with human",
      {
        conversations: [
          { from: "human", value: "a" },
          { from: "gpt", value: "b" },
          { from: "human", value: "c" },
        ],
      },
      /end with a gpt/,
    ],
    [
      "uses an unknown speaker",
      {
        conversations: [
          { from: "user", value: "a" },
          { from: "gpt", value: "b" },
        ],
      },
      /"human" or "gpt"/,
    ],
    [
      "has an empty value",
      {
        conversations: [
          { from: "human", value: "" },
          { from: "gpt", value: "b" },
        ],
      },
      /non-empty/,
    ],
    ["has no turns", { conversations: [] }, /non-empty list/],
    [
      "has a non-string system",
      {
        system: 3,
        conversations: [
          { from: "human", value: "a" },
          { from: "gpt", value: "b" },
        ],
      },
      /system/,
    ],
  ])("the validator rejects a record that %s", (_label, record, message) => {
    expect(
      validateShareGptRecord(record)
        .map((issue) => issue.message)
        .join("\n"),
    ).toMatch(message);
  });

  it("exports valid lines and skips conversations without an answer", async () => {
    const output = new MemoryOutput();
    const result = await exportToStream(
      streamOf([
        makeConversation({ id: "a" }),
        makeConversation({ id: "b", turns: [turn(1, "assistant", "Hi")] }),
      ]),
      "sharegpt",
      output,
    );
    expect(result).toMatchObject({ rows: 1, skipped: 1 });
    expect(await validateJsonLines(output.text(), validateShareGptRecord)).toMatchObject({
      valid: true,
      lines: 1,
    });
  });
});

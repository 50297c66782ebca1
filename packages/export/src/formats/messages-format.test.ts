import { describe, expect, it } from "vitest";
import { exportToStream } from "../export-to-stream.ts";
import { makeConversation, streamOf, turn } from "../testing/conversation-fixtures.ts";
import { MemoryOutput } from "../testing/memory-output.ts";
import { toMessagesRecord, validateMessagesRecord } from "./messages-format.ts";
import { validateJsonLines } from "./validate-json-lines.ts";

const SYSTEM = "You are a warm financial planner.";

describe("messages format", () => {
  it("writes system, user and assistant messages in order with metadata flags", () => {
    const record = toMessagesRecord(makeConversation({ simulated: true }), {
      systemPrompt: SYSTEM,
    });
    expect(record.messages.map((m) => m.role)).toEqual([
      "system",
      "user",
      "assistant",
      "user",
      "assistant",
    ]);
    expect(record.messages[0]?.content).toBe(SYSTEM);
    expect(record.messages[1]?.content).toContain("retirement statements");
    expect(record.metadata).toMatchObject({
      id: "conv-001",
      tier: "template",
      simulated: true,
      human_edited: false,
    });
    expect(validateMessagesRecord(record)).toEqual([]);
  });

  it("folds the system prompt into the first user message for templates without a system role", () => {
    const record = toMessagesRecord(makeConversation(), {
      systemPrompt: SYSTEM,
      systemMode: "fold",
    });
    expect(record.messages[0]?.role).toBe("user");
    expect(record.messages[0]?.content.startsWith(`${SYSTEM}\n\n`)).toBe(true);
    expect(record.messages.some((m) => m.role === "system")).toBe(false);
  });

  it("omits the system prompt when asked", () => {
    const record = toMessagesRecord(makeConversation(), {
      systemPrompt: SYSTEM,
      systemMode: "omit",
    });
    expect(record.messages.map((m) => m.content).join(" ")).not.toContain(SYSTEM);
  });

  it("merges consecutive same-role messages, drops a leading assistant and a trailing user", () => {
    const conversation = makeConversation({
      turns: [
        turn(1, "assistant", "Welcome!"),
        turn(2, "user", "Hi."),
        turn(3, "user", "I'm worried."),
        turn(4, "assistant", "Tell me more."),
        turn(5, "assistant", "Take your time."),
        turn(6, "user", "Thanks, bye."),
      ],
    });
    const record = toMessagesRecord(conversation);
    expect(record.messages).toEqual([
      { role: "user", content: "Hi.\n\nI'm worried." },
      { role: "assistant", content: "Tell me more.\n\nTake your time." },
    ]);
    expect(validateMessagesRecord(record)).toEqual([]);
  });

  it("sorts turns by turn number even when the source did not", () => {
    const [a, b, c, d] = makeConversation().turns;
    if (!a || !b || !c || !d) throw new Error("fixture");
    const record = toMessagesRecord(makeConversation({ turns: [c, a, d, b] }), {
      includeMetadata: false,
    });
    expect(record).toEqual(toMessagesRecord(makeConversation(), { includeMetadata: false }));
  });

  it("weights only the last assistant answer with `last`", () => {
    const record = toMessagesRecord(makeConversation(), { assistantWeights: "last" });
    const weights = record.messages.filter((m) => m.role === "assistant").map((m) => m.weight);
    expect(weights).toEqual([0, 1]);
    expect(record.messages.filter((m) => m.role === "user").every((m) => !("weight" in m))).toBe(
      true,
    );
    expect(validateMessagesRecord(record)).toEqual([]);
  });

  it("leaves metadata out for OpenAI uploads, and the strict validator then accepts the record", () => {
    const record = toMessagesRecord(makeConversation(), { includeMetadata: false });
    expect(Object.keys(record)).toEqual(["messages"]);
    expect(validateMessagesRecord(record, { allowMetadata: false })).toEqual([]);
    const withMetadata = toMessagesRecord(makeConversation());
    expect(validateMessagesRecord(withMetadata, { allowMetadata: false })[0]?.message).toMatch(
      /metadata/,
    );
  });
});

describe("validateMessagesRecord", () => {
  const valid = {
    messages: [
      { role: "user", content: "hi" },
      { role: "assistant", content: "hello" },
    ],
  };

  it.each([
    ["a non-object", "nope", /JSON object/],
    ["an empty list", { messages: [] }, /non-empty list/],
    ["an unknown top-level key", { ...valid, extra: 1 }, /Unrecognised key "extra"/],
    [
      "an unknown message key",
      {
        messages: [
          { role: "user", content: "a", foo: 1 },
          { role: "assistant", content: "b" },
        ],
      },
      /Unrecognised message key "foo"/,
    ],
    [
      "an unknown role",
      {
        messages: [
          { role: "tool", content: "a" },
          { role: "assistant", content: "b" },
        ],
      },
      /Unknown role "tool"/,
    ],
    [
      "empty content",
      {
        messages: [
          { role: "user", content: "  " },
          { role: "assistant", content: "b" },
        ],
      },
      /non-empty string/,
    ],
    [
      "no assistant message",
      { messages: [{ role: "user", content: "a" }] },
      /no assistant message/,
    ],
    [
      "a weight on a user message",
      {
        messages: [
          { role: "user", content: "a", weight: 1 },
          { role: "assistant", content: "b" },
        ],
      },
      /Only assistant/,
    ],
    [
      "a weight of 2",
      {
        messages: [
          { role: "user", content: "a" },
          { role: "assistant", content: "b", weight: 2 },
        ],
      },
      /0 or 1/,
    ],
    [
      "two user messages in a row",
      {
        messages: [
          { role: "user", content: "a" },
          { role: "user", content: "b" },
          { role: "assistant", content: "c" },
        ],
      },
      /alternate/,
    ],
    [
      "a trailing user message",
      {
        messages: [
          { role: "user", content: "a" },
          { role: "assistant", content: "b" },
          { role: "user", content: "c" },
        ],
      },
      /end with an assistant/,
    ],
    [
      "a late system message",
      {
        messages: [
          { role: "user", content: "a" },
          { role: "system", content: "s" },
          { role: "assistant", content: "c" },
        ],
      },
      /only come first/,
    ],
  ])("rejects %s", (_label, record, message) => {
    const issues = validateMessagesRecord(record);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.map((issue) => issue.message).join("\n")).toMatch(message);
  });

  it("accepts a valid record", () => {
    expect(validateMessagesRecord(valid)).toEqual([]);
  });
});

describe("messages export", () => {
  it("writes one valid line per conversation and skips one with nothing to learn from", async () => {
    const output = new MemoryOutput();
    const conversations = [
      makeConversation({ id: "a" }),
      makeConversation({ id: "only-user", turns: [turn(1, "user", "Hello?")] }),
      makeConversation({ id: "b", isHumanEdited: true }),
    ];
    const result = await exportToStream(streamOf(conversations), "messages", output, {
      options: { systemPrompt: SYSTEM },
    });
    expect(result).toMatchObject({ rows: 2, skipped: 1 });
    expect(result.skippedConversations).toEqual([
      { id: "only-user", reason: expect.stringMatching(/no assistant/) },
    ]);
    const lines = output.lines() as Array<{ metadata: { id: string; human_edited: boolean } }>;
    expect(lines.map((line) => line.metadata.id)).toEqual(["a", "b"]);
    expect(lines[1]?.metadata.human_edited).toBe(true);
    const check = await validateJsonLines(output.text(), (record) =>
      validateMessagesRecord(record),
    );
    expect(check).toMatchObject({ valid: true, lines: 2 });
  });

  it("reports the line of an invalid record", async () => {
    const text = `${JSON.stringify({
      messages: [
        { role: "user", content: "a" },
        { role: "assistant", content: "b" },
      ],
    })}\n{"messages":[]}\nnot json\n`;
    const check = await validateJsonLines(text, (record) => validateMessagesRecord(record));
    expect(check.valid).toBe(false);
    expect(check.issues.map((issue) => issue.line)).toEqual([2, 3]);
  });
});

import { describe, expect, it } from "vitest";
import {
  generatedConversationSchema,
  generationBriefSchema,
  renderBrief,
} from "../conversation-schema.ts";
import { RECORD_CONVERSATION_TOOL_DEFINITION, toMessageParams } from "./message-params.ts";
import { parseConversationResponse } from "./parse-conversation-response.ts";

const brief = generationBriefSchema.parse({
  tier: "template",
  turnCount: 4,
  persona: { key: "p", name: "Ana", description: "A nurse." },
  arc: { key: "a", name: "Arc", startEmotion: "anxious", endEmotion: "calm" },
  topic: { key: "t", name: "Budgeting" },
});

const conversation = {
  title: "T",
  summary: "S",
  turns: [
    { role: "user", content: "Hi", emotion: { primary: "anxious", intensity: 0.7 } },
    {
      role: "assistant",
      content: "Hello",
      emotion: { primary: "warm", intensity: 0.5, secondary: [] },
    },
  ],
};

describe("toMessageParams", () => {
  it("caches the system block, forces the conversation tool and sends no sampling parameters", () => {
    const params = toMessageParams({
      system: "SYS",
      prompt: renderBrief(brief),
      brief,
      maxTokens: 3_000,
    });
    expect(params).toEqual({
      model: "claude-sonnet-5-5",
      max_tokens: 3_000,
      system: [{ type: "text", text: "SYS", cache_control: { type: "ephemeral" } }],
      messages: [{ role: "user", content: renderBrief(brief) }],
      tools: [RECORD_CONVERSATION_TOOL_DEFINITION],
      tool_choice: { type: "tool", name: "record_conversation", disable_parallel_tool_use: true },
    });
    expect(
      toMessageParams({ system: "S", prompt: "P", brief, maxTokens: 1, model: "claude-haiku-4-5" })
        .model,
    ).toBe("claude-haiku-4-5");
  });

  it("describes the conversation schema as the tool's input schema", () => {
    const schema = RECORD_CONVERSATION_TOOL_DEFINITION.input_schema;
    expect(schema.type).toBe("object");
    expect(schema).not.toHaveProperty("$schema");
    expect(schema.required).toEqual(["title", "summary", "turns"]);
    expect(Object.keys(schema.properties ?? {})).toEqual([
      "title",
      "summary",
      "learningObjective",
      "turns",
    ]);
  });
});

describe("parseConversationResponse", () => {
  it("reads and validates the tool input", () => {
    const parsed = parseConversationResponse({
      stop_reason: "tool_use",
      content: [
        {
          type: "tool_use",
          id: "t",
          name: "record_conversation",
          input: conversation,
          caller: { type: "direct" },
        },
      ],
    });
    expect(parsed.ok).toBe(true);
    if (parsed.ok)
      expect(parsed.conversation).toEqual(generatedConversationSchema.parse(conversation));
  });

  it("reads JSON text, fenced or not", () => {
    const text = `\`\`\`json\n${JSON.stringify(conversation)}\n\`\`\``;
    const parsed = parseConversationResponse({
      stop_reason: "end_turn",
      content: [{ type: "text", text, citations: null }],
    });
    expect(parsed.ok).toBe(true);
  });

  it("says where the output breaks the schema, and keeps the raw text", () => {
    const bad = { ...conversation, turns: [{ role: "client", content: "Hi" }] };
    const parsed = parseConversationResponse({
      stop_reason: "tool_use",
      content: [
        {
          type: "tool_use",
          id: "t",
          name: "record_conversation",
          input: bad,
          caller: { type: "direct" },
        },
      ],
    });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error).toMatch(/turns/);
      expect(JSON.parse(parsed.rawText)).toEqual(bad);
    }
  });

  it("explains a cut-off answer as a max_tokens problem", () => {
    const parsed = parseConversationResponse({
      stop_reason: "max_tokens",
      content: [{ type: "text", text: '{"title": "T", "turns": [', citations: null }],
    });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(/max_tokens.*raise maxTokens.*not valid JSON/s);
  });
});

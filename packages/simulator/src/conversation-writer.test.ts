import {
  type GenerationBriefInput,
  generatedConversationSchema,
  generationBriefSchema,
} from "@parley/generation";
import { describe, expect, it } from "vitest";
import { consultantNameFrom, writeConversation } from "./conversation-writer.ts";
import { valenceOf } from "./emotion-lexicon.ts";
import { randomFromString } from "./seeded-random.ts";

function brief(overrides: Partial<GenerationBriefInput> = {}) {
  return generationBriefSchema.parse({
    tier: "template",
    turnCount: 10,
    persona: {
      key: "teacher",
      name: "Marcus Chen",
      description: "A 34-year-old teacher with student loans who feels behind on saving.",
      traits: ["detail-oriented", "avoids conflict"],
    },
    arc: {
      key: "a2c",
      name: "Anxiety to Confidence",
      startEmotion: "anxious",
      endEmotion: "confident",
    },
    topic: {
      key: "efund",
      name: "Emergency Fund Basics",
      description: "How to build a cushion for surprises",
    },
    ...overrides,
  });
}

const write = (b: ReturnType<typeof brief>, seed = "seed") =>
  writeConversation(b, randomFromString(seed), { consultantName: "Elena Morales" });

describe("writeConversation", () => {
  it("writes the same conversation for the same request, and a different one for another", () => {
    expect(write(brief(), "a")).toEqual(write(brief(), "a"));
    expect(write(brief(), "a").turns.map((t) => t.content)).not.toEqual(
      write(brief(), "b").turns.map((t) => t.content),
    );
  });

  it.each([2, 4, 6, 10, 16, 40])(
    "writes exactly %i turns, user first, alternating, ending with the assistant",
    (turnCount) => {
      const conversation = write(brief({ turnCount }), `n${turnCount}`);
      expect(generatedConversationSchema.safeParse(conversation).success).toBe(true);
      expect(conversation.turns).toHaveLength(turnCount);
      conversation.turns.forEach((turn, i) => {
        expect(turn.role).toBe(i % 2 === 0 ? "user" : "assistant");
        expect(turn.content.length).toBeGreaterThan(40);
      });
    },
  );

  it("has the client say how they feel in words, not the arc's noun (frustrated, not frustration)", () => {
    const nounArc = {
      key: "f2r",
      name: "Frustration → Resolution",
      startEmotion: "frustration",
      endEmotion: "resolution",
    };
    const spoken = Array.from({ length: 12 }, (_, i) => write(brief({ arc: nounArc }), `f${i}`))
      .flatMap((conversation) => conversation.turns.filter((turn) => turn.role === "user"))
      .map((turn) => turn.content)
      .join("\n");
    expect(spoken).not.toMatch(
      /\b(feel|feeling|so|bit|more|I'm) (really )?(frustration|resolution)\b/,
    );
    expect(spoken).toMatch(/\b(frustrated|resolved)\b/);
  });

  it("rounds an odd turn count up so the conversation still ends with the assistant", () => {
    const conversation = write(brief({ turnCount: 7 }));
    expect(conversation.turns).toHaveLength(8);
    expect(conversation.turns.at(-1)?.role).toBe("assistant");
  });

  it("follows the arc: starts at its start emotion, ends at its end emotion, and moves between", () => {
    for (const seed of ["x", "y", "z"]) {
      const users = write(brief({ turnCount: 12 }), seed).turns.filter((t) => t.role === "user");
      expect(users[0]?.emotion.primary).toBe("anxious");
      expect(users.at(-1)?.emotion.primary).toBe("confident");
      const valences = users.map((t) => valenceOf(t.emotion.primary));
      const half = Math.floor(valences.length / 2);
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(mean(valences.slice(0, half))).toBeLessThan(mean(valences.slice(half)));
      for (const turn of users) {
        expect(turn.emotion.intensity).toBeGreaterThanOrEqual(0);
        expect(turn.emotion.intensity).toBeLessThanOrEqual(1);
      }
    }
  });

  it("speaks as the persona about the topic, and names the techniques the assistant uses", () => {
    const conversation = write(brief());
    const userText = conversation.turns
      .filter((t) => t.role === "user")
      .map((t) => t.content)
      .join(" ");
    const all = conversation.turns.map((t) => t.content).join(" ");
    expect(userText).toContain("I'm Marcus");
    expect(userText).toContain("34-year-old teacher");
    expect(userText).toMatch(/detail-oriented|avoid conflict/);
    expect(all.match(/emergency fund/gi)?.length ?? 0).toBeGreaterThanOrEqual(4);
    expect(all).toContain("Elena");
    expect(all).not.toMatch(/lorem|ipsum|\{\w+\}|undefined/i);
    for (const turn of conversation.turns.filter((t) => t.role === "assistant")) {
      expect(turn.techniques?.length).toBeGreaterThan(0);
    }
    const techniques = conversation.turns.flatMap((t) => t.techniques ?? []);
    expect(techniques).toEqual(expect.arrayContaining(["summarizing", "action_planning"]));
    expect(conversation.turns.map((t) => t.phase)).toEqual(
      expect.arrayContaining(["opening", "exploration", "guidance", "closing"]),
    );
    expect(conversation.title).toMatch(/Marcus/);
    expect(conversation.summary).toMatch(/anxious.*confident/s);
    expect(conversation.learningObjective).toMatch(/anxious to confident/);
  });

  it("brings the source context of a scenario into the dialogue", () => {
    const conversation = write(
      brief({
        tier: "scenario",
        sourceContext: {
          title: "Saving on a Teacher's Salary",
          content:
            "Small automatic transfers beat occasional big deposits. Start with one week of expenses.",
        },
      }),
    );
    const user = conversation.turns
      .filter((t) => t.role === "user")
      .map((t) => t.content)
      .join(" ");
    const assistant = conversation.turns.filter((t) => t.role === "assistant");
    expect(user).toContain("Saving on a Teacher's Salary");
    const quoting = assistant.find((t) =>
      t.content.includes("Small automatic transfers beat occasional big deposits."),
    );
    expect(quoting?.techniques).toContain("source_reference");
  });

  it("plays out a crisis edge case: a crisis turn, then a safety check and referral, carried to the end", () => {
    const conversation = write(
      brief({
        tier: "edge_case",
        edgeCase: {
          key: "crisis_disclosure",
          name: "Crisis disclosure",
          expectedBehavior:
            "Pause the planning, check the client's safety and refer to crisis resources.",
        },
      }),
    );
    const crisisIndex = conversation.turns.findIndex(
      (t) => t.role === "user" && /not wanting to be here/.test(t.content),
    );
    expect(crisisIndex).toBeGreaterThan(0);
    const reply = conversation.turns[crisisIndex + 1];
    expect(reply?.role).toBe("assistant");
    expect(reply?.techniques).toEqual(expect.arrayContaining(["crisis_response", "referral"]));
    expect(reply?.content).toMatch(/Are you safe right now\?.*988/s);
    expect(conversation.turns.at(-1)?.content).toMatch(/988/);
    expect(conversation.learningObjective).toContain("refer to crisis resources");
  });

  it("declines a request for a specific pick with a boundary", () => {
    const conversation = write(
      brief({
        tier: "edge_case",
        edgeCase: {
          key: "specific_advice",
          name: "Demands a specific investment recommendation",
          expectedBehavior: "Refuses to give specific investment advice and explains why.",
        },
      }),
    );
    const boundary = conversation.turns.find((t) => t.techniques?.includes("boundary_setting"));
    expect(boundary?.content).toMatch(/can't recommend a specific/);
  });

  it("follows any other expected behaviour as stated", () => {
    const conversation = write(
      brief({
        tier: "edge_case",
        edgeCase: {
          key: "elder_abuse",
          name: "Possible financial exploitation",
          expectedBehavior: "Recognizes signs of exploitation and shares where to get help.",
        },
      }),
    );
    const handling = conversation.turns.find((t) => t.techniques?.includes("edge_case_handling"));
    expect(handling?.content).toContain(
      "recognize signs of exploitation and share where to get help",
    );
  });
});

describe("consultantNameFrom", () => {
  it("finds the consultant a system prompt introduces", () => {
    expect(consultantNameFrom("You are Elena Morales, CFP, a warm planner.")).toBe("Elena Morales");
    expect(consultantNameFrom("You are a helpful assistant.")).toBeUndefined();
  });
});

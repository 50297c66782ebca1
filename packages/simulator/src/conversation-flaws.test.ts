import {
  buildJudgeRequest,
  DEFAULT_JUDGE_RUBRIC,
  generationBriefSchema,
  parseJudgeResult,
} from "@parley/generation";
import { describe, expect, it } from "vitest";
import { FLAW_KINDS, writeSimulatedConversation } from "./conversation-flaws.ts";
import { writeConversation } from "./conversation-writer.ts";
import { writeJudgement } from "./judge-writer.ts";
import { randomFromString } from "./seeded-random.ts";

const brief = generationBriefSchema.parse({
  tier: "template",
  turnCount: 8,
  persona: {
    key: "teacher",
    name: "Marcus Chen",
    description: "A 34-year-old teacher who feels behind on saving.",
    traits: ["detail-oriented"],
  },
  arc: {
    key: "a2c",
    name: "Anxiety to Confidence",
    startEmotion: "anxious",
    endEmotion: "confident",
  },
  topic: { key: "efund", name: "Emergency Fund Basics", description: "" },
});
const context = { consultantName: "Elena Morales" };
const write = (seed: string, rates: Parameters<typeof writeSimulatedConversation>[3]) =>
  writeSimulatedConversation(
    brief,
    randomFromString(seed),
    context,
    rates,
    randomFromString(`f${seed}`),
  );

describe("writeSimulatedConversation", () => {
  it("writes exactly the clean conversation when flaws are off", () => {
    const written = write("a", {});
    expect(written.flaw).toBeNull();
    expect(written.conversation).toEqual(writeConversation(brief, randomFromString("a"), context));
  });

  it("draws the same flaw for the same seed, at about the asked share", () => {
    expect(write("b", { personaSlip: 0.5 })).toEqual(write("b", { personaSlip: 0.5 }));
    const flawed = Array.from({ length: 200 }, (_, i) => write(`s${i}`, { flatArc: 0.2 })).filter(
      (w) => w.flaw !== null,
    ).length;
    expect(flawed).toBeGreaterThan(25);
    expect(flawed).toBeLessThan(55);
  });

  it.each(FLAW_KINDS.filter((kind) => kind !== "forbiddenAdvice"))(
    "writes a %s the simulated judge notices in the transcript alone",
    (kind) => {
      const { conversation, flaw } = write(`k-${kind}`, { [kind]: 1 });
      expect(flaw).toBe(kind);
      const request = buildJudgeRequest(conversation, DEFAULT_JUDGE_RUBRIC, {
        ...brief,
        consultantName: "Elena Morales",
      });
      const judgement = parseJudgeResult(
        writeJudgement(request.tool.inputSchema, request.prompt, randomFromString(kind)),
      );
      expect(judgement.issues.length).toBeGreaterThan(0);
      expect(judgement.dimensions.training_value).toBe("low");
      const clean = write(`k-${kind}`, {}).conversation;
      const cleanRequest = buildJudgeRequest(clean, DEFAULT_JUDGE_RUBRIC, {
        ...brief,
        consultantName: "Elena Morales",
      });
      const cleanJudgement = parseJudgeResult(
        writeJudgement(cleanRequest.tool.inputSchema, cleanRequest.prompt, randomFromString(kind)),
      );
      expect(cleanJudgement.issues).toEqual([]);
    },
  );
});

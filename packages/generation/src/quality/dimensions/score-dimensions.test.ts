import { describe, expect, it } from "vitest";
import { assessQuality } from "../assess-quality.ts";
import type { JudgeDimensions } from "../judge/judge-dimensions.ts";
import { goodContext, goodConversation } from "../quality-test-fixtures.ts";
import type { QualityContext, QualityConversation } from "../quality-types.ts";
import { readQualityDimensions } from "./quality-dimensions-schema.ts";
import { dimensionsUnderFloor, fallsBelowThreshold } from "./quality-floors.ts";
import { scoreQualityDimensions } from "./score-dimensions.ts";

function score(
  conversation: QualityConversation,
  context: QualityContext = goodContext,
  extra: { judge?: JudgeDimensions; nearestSimilarity?: number } = {},
) {
  return scoreQualityDimensions({
    conversation,
    context,
    assessment: assessQuality(conversation, context),
    threshold: 7,
    ...extra,
  });
}

const withTurn = (index: number, content: string): QualityConversation => ({
  ...goodConversation,
  turns: goodConversation.turns.map((turn, i) => (i === index ? { ...turn, content } : turn)),
});

const judge: JudgeDimensions = {
  relevance: 8,
  accuracy: 7,
  naturalness: 9,
  methodology: 8,
  coherence: 9,
  confidence: "high",
  training_value: "high",
};

describe("scoreQualityDimensions", () => {
  it("scores a sound conversation above the threshold from the rules, leaving accuracy to a judge", () => {
    const dimensions = score(goodConversation);
    expect(dimensions.belowThreshold).toBe(false);
    expect(dimensions.naturalness).toEqual({ score: 10, source: "rules", notes: [] });
    expect(dimensions.accuracy).toEqual({ score: null, source: null, notes: [] });
    expect(dimensions.confidence).toEqual({ level: "medium", source: "rules" });
    expect(readQualityDimensions(JSON.parse(JSON.stringify(dimensions)))).toEqual(dimensions);
    expect(readQualityDimensions({ overall: 3 })).toBeNull();
  });

  it("puts a conversation with one flaw under the threshold, naming the flaw", () => {
    const repeated = withTurn(5, goodConversation.turns[3]?.content ?? "");
    const dimensions = score(repeated);
    expect(dimensions.coherence.score).toBeLessThan(6);
    expect(dimensions.coherence.notes.join(" ")).toContain("message 6 repeats message 4");
    expect(dimensionsUnderFloor(dimensions)).toEqual(["naturalness", "coherence"]);
    expect(dimensions.belowThreshold).toBe(true);
    expect(dimensions.trainingValue.level).toBe("low");

    const slip = withTurn(2, "As your advisor, my suggestion is that we list every account first.");
    expect(score(slip).naturalness.score).toBeLessThan(6);

    const terse = withTurn(3, "Okay. Try budgeting.");
    expect(score(terse).naturalness.notes.join(" ")).toContain(
      "message 4 (assistant) has only 3 words",
    );
  });

  it("reads an edge case's boundary from its expected behaviour", () => {
    const context = {
      ...goodContext,
      tier: "edge_case" as const,
      edgeCase: {
        name: "Specific pick",
        expectedBehavior: "Explains kindly that she does not recommend specific securities.",
      },
    };
    expect(score(goodConversation, context).accuracy).toEqual({
      score: 10,
      source: "rules",
      notes: [],
    });
    const pick = withTurn(
      3,
      "Honestly, if I were you I'd put all of it into one index fund this week and be done.",
    );
    const dimensions = score(pick, context);
    expect(dimensions.accuracy.score).toBeLessThan(6);
    expect(dimensions.methodology.score).toBeLessThan(6);
  });

  it("takes uniqueness from the nearest stored conversation", () => {
    expect(score(goodConversation, goodContext, { nearestSimilarity: 0.5 }).uniqueness.score).toBe(
      10,
    );
    const duplicate = score(goodConversation, goodContext, { nearestSimilarity: 0.9 });
    expect(duplicate.uniqueness.score).toBeLessThan(5);
    expect(duplicate.belowThreshold).toBe(true);
  });

  it("blends a judge in, says so, and never lets it lift a dimension the rules put under its floor", () => {
    const judged = score(goodConversation, goodContext, { judge });
    expect(judged.naturalness).toEqual({ score: 9.4, source: "both", notes: [] });
    expect(judged.accuracy).toEqual({ score: 7, source: "judge", notes: [] });
    expect(judged.uniqueness.source).toBe("rules");
    expect(judged.confidence).toEqual({ level: "high", source: "both" });
    expect(judged.trainingValue).toEqual({ level: "high", source: "both" });

    const repeated = withTurn(5, goodConversation.turns[3]?.content ?? "");
    const flawed = score(repeated, goodContext, { judge: { ...judge, coherence: 10 } });
    expect(flawed.coherence.score).toBeLessThan(6);
    expect(flawed.belowThreshold).toBe(true);
    // Rules and judge far apart: the confidence drops a step.
    expect(flawed.confidence.level).toBe("medium");
  });
});

describe("fallsBelowThreshold", () => {
  const base = score(goodConversation);
  it("is the overall under the threshold, or any dimension under its floor", () => {
    expect(fallsBelowThreshold(base, 7)).toBe(false);
    expect(fallsBelowThreshold({ ...base, overall: 6.9 }, 7)).toBe(true);
    expect(fallsBelowThreshold({ ...base, relevance: { ...base.relevance, score: 5.9 } }, 7)).toBe(
      true,
    );
    expect(fallsBelowThreshold({ ...base, uniqueness: { ...base.uniqueness, score: 5 } }, 7)).toBe(
      false,
    );
  });
});

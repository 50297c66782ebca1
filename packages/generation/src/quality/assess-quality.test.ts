import { describe, expect, it } from "vitest";
import type { GeneratedConversation, GeneratedTurn } from "../conversation-schema.ts";
import { assessQuality, DEFAULT_QUALITY_WEIGHTS } from "./assess-quality.ts";
import { emotionMatchScore } from "./emotion-families.ts";
import { goodContext, goodConversation } from "./quality-test-fixtures.ts";
import type { QualityCheckName, QualityConversation } from "./quality-types.ts";

const withTurns = (turns: GeneratedTurn[]): GeneratedConversation => ({
  ...goodConversation,
  turns,
});
const turns = goodConversation.turns;
const turn = (index: number) => turns[index] as GeneratedTurn;
const failing = (conversation: QualityConversation, context = goodContext) =>
  Object.entries(assessQuality(conversation, context).checks)
    .filter(([, check]) => !check.passed)
    .map(([name]) => name as QualityCheckName);

describe("assessQuality on a good conversation", () => {
  const result = assessQuality(goodConversation, goodContext);

  it("passes every check with a full score", () => {
    expect(failing(goodConversation)).toEqual([]);
    expect(result.score).toBe(10);
    expect(result).toMatchObject({ passed: true, needsReview: false, warnings: [], errors: [] });
  });

  it("explains the composite with a weighted breakdown", () => {
    expect(result.breakdown.map((entry) => entry.check).sort()).toEqual(
      Object.keys(DEFAULT_QUALITY_WEIGHTS).sort(),
    );
    expect(result.breakdown.reduce((sum, entry) => sum + entry.weight, 0)).toBeCloseTo(1, 10);
    expect(result.breakdown.reduce((sum, entry) => sum + entry.points, 0)).toBeCloseTo(10, 10);
  });
});

describe("each check fails on its own", () => {
  it("turn count: too short", () => {
    const short = withTurns(turns.slice(0, 2));
    expect(failing(short)).toContain("turnCount");
    const result = assessQuality(short, goodContext);
    expect(result.checks.turnCount.detail).toBe("2 messages, outside the expected 4–10");
    expect(result.warnings).toContain("2 messages, outside the expected 4–10");
  });

  it("turn count: too long", () => {
    const long = withTurns([...turns, ...turns.slice(0, 6)]);
    expect(failing(long)).toEqual(["turnCount"]);
  });

  it("average length: one-line messages", () => {
    const terse = withTurns(turns.map((item) => ({ ...item, content: "Okay, sounds good." })));
    expect(failing(terse)).toContain("averageLength");
    expect(assessQuality(terse, goodContext).checks.averageLength.detail).toBe(
      "Messages average 3 words, shorter than the expected 20–250",
    );
  });

  it("average length: lectures", () => {
    const lecture = "word ".repeat(600).trim();
    const verbose = withTurns(turns.map((item) => ({ ...item, content: lecture })));
    expect(failing(verbose)).toEqual(["averageLength"]);
  });

  it("role alternation: starts with the assistant, is an error and needs review", () => {
    const swapped = withTurns(
      turns.map((item) => ({ ...item, role: item.role === "user" ? "assistant" : "user" })),
    );
    expect(failing(swapped)).toContain("roleAlternation");
    const result = assessQuality(swapped, goodContext);
    expect(result.errors[0]).toContain(
      "message 1 is from assistant (the first message must be from the user)",
    );
    expect(result.needsReview).toBe(true);
    expect(result.checks.roleAlternation.severity).toBe("error");
    expect(result.checks.turnCount.severity).toBe("warning");
  });

  it("role alternation: two user messages in a row", () => {
    const doubled = withTurns([turn(0), turn(2), turn(1), turn(3), turn(4), turn(5)]);
    expect(failing(doubled)).toEqual(["roleAlternation"]);
    expect(assessQuality(doubled, goodContext).passed).toBe(false);
  });

  it("role alternation: ends with the user", () => {
    const open = withTurns(turns.slice(0, 5));
    expect(failing(open)).toEqual(["roleAlternation"]);
    expect(assessQuality(open, goodContext).errors[0]).toContain("the last message is from user");
  });

  it("emotional progression: the client's emotion never changes", () => {
    const flat = withTurns(
      turns.map((item) =>
        item.role === "user"
          ? { ...item, emotion: { ...item.emotion, primary: "confused" } }
          : item,
      ),
    );
    expect(failing(flat)).toEqual(["emotionalProgression"]);
    expect(assessQuality(flat, goodContext).checks.emotionalProgression.detail).toContain(
      "does not change",
    );
  });

  it("emotional progression: the wrong direction for the arc", () => {
    const backwards = withTurns([
      { ...turn(0), emotion: { ...turn(0).emotion, primary: "hopeful" } },
      turn(1),
      turn(2),
      turn(3),
      { ...turn(4), emotion: { ...turn(4).emotion, primary: "anxious" } },
      turn(5),
    ]);
    expect(failing(backwards)).toEqual(["emotionalProgression"]);
    const check = assessQuality(backwards, goodContext).checks.emotionalProgression;
    expect(check.detail).toBe(
      "Arc confusion → clarity: starts away from confusion (hopeful); ends away from clarity (anxious)",
    );
    expect(check.score).toBeCloseTo(0.4, 10);
  });

  it("emotional progression: synonyms and near misses are tolerated", () => {
    expect(emotionMatchScore("worried", "Anxiety")).toBe(1);
    expect(emotionMatchScore("anxiousness", "anxiety")).toBe(1);
    expect(emotionMatchScore("relieved", "clarity")).toBe(0.6);
    expect(emotionMatchScore("anxious", "relief")).toBe(0);
    const nearMiss = withTurns(
      turns.map((item, index) =>
        index === 4 ? { ...item, emotion: { ...item.emotion, primary: "relieved" } } : item,
      ),
    );
    expect(failing(nearMiss)).toEqual([]);
    expect(assessQuality(nearMiss, goodContext).checks.emotionalProgression.score).toBeCloseTo(
      0.88,
      10,
    );
  });

  it("persona consistency: the client introduces themself as the consultant", () => {
    const confused = withTurns(
      turns.map((item, index) =>
        index === 2 ? { ...item, content: `Hi, I'm Elena and ${item.content}` } : item,
      ),
    );
    expect(failing(confused)).toEqual(["personaConsistency"]);
    expect(assessQuality(confused, goodContext).warnings[0]).toBe(
      "1 role switch: message 3 (user) speaks as the consultant",
    );
  });

  it("persona consistency: the consultant speaks as the persona, or a message holds a transcript", () => {
    const adopted = withTurns(
      turns.map((item, index) =>
        index === 3 ? { ...item, content: `I'm Marcus, and ${item.content}` } : item,
      ),
    );
    expect(failing(adopted)).toEqual(["personaConsistency"]);
    const transcript = withTurns(
      turns.map((item, index) =>
        index === 1 ? { ...item, content: `${item.content}\nMarcus: okay, let's do it.` } : item,
      ),
    );
    expect(failing(transcript)).toEqual(["personaConsistency"]);
  });

  it("persona consistency: addressing the other side by name is fine", () => {
    const polite = withTurns(
      turns.map((item, index) =>
        index === 4
          ? { ...item, content: `Thanks Elena, this is Marcus's favourite part. ${item.content}` }
          : item,
      ),
    );
    expect(failing(polite)).toEqual([]);
  });

  it("harmful content: an error outside the edge-case tier", () => {
    const crisis = withTurns(
      turns.map((item, index) =>
        index === 2
          ? { ...item, content: `${item.content} Some days I think about ending my life.` }
          : item,
      ),
    );
    expect(failing(crisis)).toEqual(["harmfulContent"]);
    const result = assessQuality(crisis, goodContext);
    expect(result.errors).toEqual(["Harmful content: message 3 (user): end one's life"]);
    expect(result.needsReview).toBe(true);
  });

  it("harmful content: expected and not failing in the edge-case tier, but still reported", () => {
    const crisis = withTurns(
      turns.map((item, index) =>
        index === 2 ? { ...item, content: `${item.content} Some days I feel suicidal.` } : item,
      ),
    );
    const result = assessQuality(crisis, { ...goodContext, tier: "edge_case" });
    expect(result.checks.harmfulContent.passed).toBe(true);
    expect(result.errors).toEqual([]);
    expect(result.flaggedContent).toEqual(["message 3 (user): suicide"]);
    expect(result.warnings[0]).toContain("expected in an edge case");
    expect(result.passed).toBe(true);
  });

  it("metadata completeness: missing title, topic and an emotion", () => {
    const bare: QualityConversation = {
      ...goodConversation,
      title: "",
      turns: turns.map((item, index) =>
        index === 1 ? { role: item.role, content: item.content } : item,
      ),
    };
    expect(failing(bare, { ...goodContext, topic: null })).toEqual(["metadataCompleteness"]);
    const result = assessQuality(bare, { ...goodContext, topic: null });
    expect(result.errors).toEqual(["Missing: topic, title, emotion on message 2"]);
    expect(result.checks.metadataCompleteness.score).toBeCloseTo((3 + 5 / 6) / 6, 10);
  });
});

describe("the threshold", () => {
  it("sends a conversation to review when any check fails, even above the threshold", () => {
    const flat = withTurns(
      turns.map((item) =>
        item.role === "user"
          ? { ...item, emotion: { ...item.emotion, primary: "confused" } }
          : item,
      ),
    );
    const result = assessQuality(flat, goodContext);
    // Emotional progression keeps only its "starts right" part: 10 − 0.2 × 0.7 × 10.
    expect(result.score).toBe(8.6);
    expect(result.errors).toEqual([]);
    expect(result.failedChecks).toEqual(["emotionalProgression"]);
    expect(result).toMatchObject({ passed: false, needsReview: true });
  });

  it("sends a conversation whose checks all pass to review when partial scores add up below it", () => {
    // "relieved" for an arc ending in clarity passes, at 0.6 for the end emotion: 9.76 → 9.8.
    const nearMiss = withTurns(
      turns.map((item, index) =>
        index === 4 ? { ...item, emotion: { ...item.emotion, primary: "relieved" } } : item,
      ),
    );
    expect(assessQuality(nearMiss, goodContext).passed).toBe(true);
    const strict = assessQuality(nearMiss, goodContext, { threshold: 9.9 });
    expect(strict.failedChecks).toEqual([]);
    expect(strict.needsReview).toBe(true);
    expect(strict.warnings).toEqual(["Quality score 9.8 is below the threshold of 9.9"]);
  });

  it("accepts custom weights, rescaled to add up to 1", () => {
    const flat = withTurns(
      turns.map((item) =>
        item.role === "user"
          ? { ...item, emotion: { ...item.emotion, primary: "confused" } }
          : item,
      ),
    );
    const heavy = assessQuality(flat, goodContext, { weights: { emotionalProgression: 5 } });
    const normal = assessQuality(flat, goodContext);
    expect(heavy.score).toBeLessThan(normal.score);
    expect(heavy.breakdown.reduce((sum, entry) => sum + entry.weight, 0)).toBeCloseTo(1, 10);
  });

  it("scores an empty conversation low without throwing", () => {
    const result = assessQuality({ turns: [] }, goodContext);
    expect(result.score).toBeLessThan(5);
    expect(result.needsReview).toBe(true);
  });
});

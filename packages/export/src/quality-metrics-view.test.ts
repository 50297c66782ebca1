import { assessQuality, scoreQualityDimensions } from "@parley/generation";
import { describe, expect, it } from "vitest";
import { parseExportConversation } from "./export-conversation.ts";
import { toMessagesRecord } from "./formats/messages-format.ts";
import {
  qualityChecksOf,
  qualityCriteriaOf,
  qualityDimensionsView,
} from "./quality-metrics-view.ts";
import { FOUR_TURNS, makeConversation, turn } from "./testing/conversation-fixtures.ts";

describe("quality metrics as the quality module stores them", () => {
  // Two user turns in a row: role alternation fails, which blocks approval.
  const broken = makeConversation({
    turns: [
      turn(1, "user", "Hello there, I need some help."),
      turn(2, "user", "Anyone?"),
      turn(3, "assistant", "Yes, I'm here."),
    ],
  });
  const assessment = assessQuality(broken, {
    tier: "template",
    persona: broken.persona,
    arc: broken.arc,
    topic: broken.topic,
  });
  // What the database hands back: JSON, parsed by the export schema.
  const stored = parseExportConversation(
    JSON.parse(
      JSON.stringify({
        ...broken,
        createdAt: "2025-11-25T14:00:00.000Z",
        qualityMetrics: assessment,
      }),
    ),
  );

  it("treats a failed blocking check as an error and other failures as warnings", () => {
    const checks = qualityChecksOf(stored.qualityMetrics);
    expect(checks.map((check) => check.name)).toEqual(Object.keys(assessment.checks));
    expect(checks.find((check) => check.name === "roleAlternation")).toEqual({
      name: "roleAlternation",
      passed: false,
      severity: "error",
    });
    for (const check of checks.filter((c) => !c.passed && c.name !== "roleAlternation")) {
      expect(
        assessment.errors.includes(
          assessment.checks[check.name as keyof typeof assessment.checks].detail,
        ),
      ).toBe(check.severity === "error");
    }
  });

  it("uses the check scores as criteria, not the composite score or the threshold", () => {
    const criteria = qualityCriteriaOf(stored.qualityMetrics);
    expect(Object.keys(criteria).sort()).toEqual(Object.keys(assessment.checks).sort());
    expect(criteria.roleAlternation).toBe(assessment.checks.roleAlternation.score);
  });

  it("also reads explicit severities and top-level judge criteria", () => {
    const metrics = {
      relevance: 9,
      score: 8,
      checks: [{ name: "custom", passed: false, severity: "error" as const }],
    };
    expect(qualityChecksOf(metrics)).toEqual([
      { name: "custom", passed: false, severity: "error" },
    ]);
    expect(qualityCriteriaOf(metrics)).toEqual({ relevance: 9 });
    expect(qualityChecksOf(null)).toEqual([]);
  });
});

describe("quality dimensions in the metadata of exported records", () => {
  const conversation = makeConversation({ turns: FOUR_TURNS });
  const context = {
    tier: "template" as const,
    persona: conversation.persona,
    arc: conversation.arc,
    topic: conversation.topic,
  };
  const dimensions = scoreQualityDimensions({
    conversation,
    context,
    assessment: assessQuality(conversation, context),
    threshold: 7,
    nearestSimilarity: 0.9,
  });
  const scored = parseExportConversation({ ...conversation, qualityDimensions: dimensions });

  it("carries every dimension and the source that scored it in a record's metadata", () => {
    const view = qualityDimensionsView(scored.qualityDimensions);
    expect(view?.uniqueness).toBeLessThan(5);
    expect(view?.sources.uniqueness).toBe("rules");
    expect(view?.accuracy).toBeNull();
    expect(view?.training_value).toBe("low");
    expect(toMessagesRecord(scored).metadata?.quality_dimensions).toEqual(view);
  });

  it("exports null dimensions for conversations scored before them", () => {
    expect(qualityDimensionsView(conversation.qualityDimensions)).toBeNull();
  });
});

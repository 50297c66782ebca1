import { assessQuality } from "@parley/generation";
import { describe, expect, it } from "vitest";
import { parseExportConversation } from "./export-conversation.ts";
import { qualityChecksOf, qualityCriteriaOf } from "./quality-metrics-view.ts";
import { makeConversation, turn } from "./testing/conversation-fixtures.ts";

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

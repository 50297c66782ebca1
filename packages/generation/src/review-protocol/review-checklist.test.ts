import { describe, expect, it } from "vitest";
import {
  CHECKLIST_ITEM_IDS,
  type ChecklistAnswers,
  checklistAnswersSchema,
  checklistVerdict,
  REVIEW_CHECKLIST,
  verdictProblem,
} from "./review-checklist.ts";
import { summariseReviewSample } from "./sample-result.ts";

function answers(failing: string[] = []): ChecklistAnswers {
  return Object.fromEntries(
    CHECKLIST_ITEM_IDS.map((id) => [id, { passed: !failing.includes(id) }]),
  );
}

describe("the spec's checklist", () => {
  it("has the spec's five categories of four items", () => {
    expect(REVIEW_CHECKLIST.map((category) => category.label)).toEqual([
      "Emotional Intelligence",
      "Advice Quality",
      "Conversation Flow",
      "Metadata Accuracy",
      "Brand Voice",
    ]);
    expect(CHECKLIST_ITEM_IDS).toHaveLength(20);
    expect(REVIEW_CHECKLIST[0].items[0].label).toBe(
      "Elena validates emotions before giving advice",
    );
  });

  it("scores 5/5 APPROVED, 4/5 APPROVED WITH NOTES, 3/5 REJECT", () => {
    expect(checklistVerdict(answers())).toBe("approved");
    expect(checklistVerdict(answers(["brand_voice.asks_permission"]))).toBe("approved_with_notes");
    // Two failures in one category still fail only that category.
    expect(
      checklistVerdict(answers(["brand_voice.asks_permission", "brand_voice.never_condescending"])),
    ).toBe("approved_with_notes");
    expect(
      checklistVerdict(answers(["brand_voice.asks_permission", "advice_quality.explains_why"])),
    ).toBe("rejected");
  });

  it("refuses a verdict more lenient than the checklist, and the last two without notes", () => {
    const oneFailed = answers(["conversation_flow.natural_dialogue"]);
    expect(verdictProblem(oneFailed, "approved", "")).toMatch(
      /4 of 5 categories passed, so the verdict is at least APPROVED WITH NOTES/,
    );
    expect(verdictProblem(oneFailed, "approved_with_notes", " ")).toMatch(/needs notes/);
    expect(verdictProblem(oneFailed, "approved_with_notes", "robotic opener")).toBeNull();
    // Stricter than the checklist is the reviewer's call.
    expect(verdictProblem(answers(), "rejected", "advises a specific stock")).toBeNull();
    expect(verdictProblem(answers(), "rejected", "")).toMatch(/REJECT needs notes/);
  });

  it("names missing and unknown items", () => {
    const partial = answers();
    delete partial["brand_voice.asks_permission"];
    const result = checklistAnswersSchema.safeParse({ ...partial, "made.up": { passed: true } });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((issue) => issue.message).join("\n");
    expect(messages).toMatch(/missing: brand_voice.asks_permission/);
    expect(messages).toMatch(/Unknown checklist items: made.up/);
  });
});

describe("summariseReviewSample", () => {
  it("counts verdicts, tiers and categories, and the pass rate of those reviewed", () => {
    const result = summariseReviewSample([
      { tier: "template", verdict: "approved", checklist: answers() },
      {
        tier: "template",
        verdict: "approved_with_notes",
        checklist: answers(["brand_voice.asks_permission"]),
      },
      {
        tier: "edge_case",
        verdict: "rejected",
        checklist: answers(["brand_voice.asks_permission", "advice_quality.explains_why"]),
      },
      { tier: "edge_case", verdict: null, checklist: null },
    ]);
    expect(result).toMatchObject({
      size: 4,
      reviewed: 3,
      unreviewed: 1,
      approved: 1,
      approvedWithNotes: 1,
      rejected: 1,
      outcome: "not_met",
    });
    expect(result.passRate).toBeCloseTo(2 / 3);
    expect(result.byTier.edge_case).toEqual({
      size: 2,
      reviewed: 1,
      approved: 0,
      approvedWithNotes: 0,
      rejected: 1,
    });
    expect(result.byTier.scenario).toBeUndefined();
    expect(result.byCategory.brand_voice).toEqual({ passed: 1, failed: 2 });
    expect(result.byCategory.emotional_intelligence).toEqual({ passed: 3, failed: 0 });
  });

  it("meets the bar only when every sampled conversation is reviewed and passes", () => {
    const pass = { tier: "template" as const, verdict: "approved" as const, checklist: answers() };
    expect(summariseReviewSample([pass, { ...pass, verdict: null }]).outcome).toBe("incomplete");
    expect(summariseReviewSample([pass, pass]).outcome).toBe("met");
    expect(summariseReviewSample([pass, pass]).passRate).toBe(1);
  });
});

// The manual review checklist of the product spec (bulk-100-dataset.md, "Manual Review
// Checklist"): five categories of four items each, worded as the spec words them, and its
// scoring rule turning the categories a reviewer passed into a verdict.
import { z } from "zod";

export const REVIEW_CHECKLIST = [
  {
    key: "emotional_intelligence",
    label: "Emotional Intelligence",
    items: [
      { key: "validates_emotions", label: "Elena validates emotions before giving advice" },
      { key: "normalizes_struggles", label: "Normalizes client's struggles explicitly" },
      { key: "avoids_judgment", label: "Avoids judgment of past decisions" },
      { key: "celebrates_progress", label: "Celebrates progress and small wins" },
    ],
  },
  {
    key: "advice_quality",
    label: "Advice Quality",
    items: [
      { key: "specific_numbers", label: "Specific numbers over abstractions" },
      { key: "actionable_steps", label: "Actionable next steps provided" },
      { key: "explains_why", label: 'Explains "why" not just "what"' },
      { key: "tailored_to_persona", label: "Tailored to persona's needs" },
    ],
  },
  {
    key: "conversation_flow",
    label: "Conversation Flow",
    items: [
      { key: "natural_dialogue", label: "Natural dialogue (not robotic)" },
      { key: "realistic_turn_taking", label: "Turn-taking feels realistic" },
      { key: "builds_on_advice", label: "Client's responses build on Elena's advice" },
      { key: "clear_resolution", label: "Ends with clear resolution or next step" },
    ],
  },
  {
    key: "metadata_accuracy",
    label: "Metadata Accuracy",
    items: [
      { key: "persona_matches", label: "`persona_name` matches actual conversation" },
      { key: "arc_matches", label: "`arc_name` matches emotional progression" },
      { key: "topic_matches", label: "`topic_name` matches conversation subject" },
      { key: "learning_objective_accurate", label: "`key_learning_objective` is accurate" },
    ],
  },
  {
    key: "brand_voice",
    label: "Brand Voice",
    items: [
      { key: "warm_professional", label: "Warm and professional tone" },
      { key: "never_condescending", label: "Never condescending" },
      { key: "metaphors_appropriate", label: "Uses metaphors/stories appropriately" },
      { key: "asks_permission", label: "Asks permission before educating" },
    ],
  },
] as const;

export type ChecklistCategoryKey = (typeof REVIEW_CHECKLIST)[number]["key"];
export const CHECKLIST_CATEGORY_KEYS = REVIEW_CHECKLIST.map(
  (category) => category.key,
) as ChecklistCategoryKey[];

/** Item ids are `<category>.<item>`, e.g. `brand_voice.never_condescending`. */
export const CHECKLIST_ITEM_IDS: readonly string[] = REVIEW_CHECKLIST.flatMap((category) =>
  category.items.map((item) => `${category.key}.${item.key}`),
);

/** The three outcomes of the spec's scoring, in the order of its list. */
export const SAMPLE_VERDICTS = ["approved", "approved_with_notes", "rejected"] as const;
export type SampleVerdict = (typeof SAMPLE_VERDICTS)[number];
export const SAMPLE_VERDICT_LABELS: Readonly<Record<SampleVerdict, string>> = {
  approved: "APPROVED",
  approved_with_notes: "APPROVED WITH NOTES",
  rejected: "REJECT",
};

export const checklistAnswerSchema = z.object({
  passed: z.boolean(),
  note: z.string().trim().max(2000).optional(),
});
export type ChecklistAnswer = z.infer<typeof checklistAnswerSchema>;

/** Every item answered, none unknown: a half-filled checklist is no review. */
export const checklistAnswersSchema = z
  .record(z.string(), checklistAnswerSchema)
  .superRefine((answers, ctx) => {
    const missing = CHECKLIST_ITEM_IDS.filter((id) => !(id in answers));
    const unknown = Object.keys(answers).filter((id) => !CHECKLIST_ITEM_IDS.includes(id));
    if (missing.length > 0) {
      ctx.addIssue({
        code: "custom",
        message: `Answer every checklist item (pass or fail); missing: ${missing.join(", ")}`,
      });
    }
    if (unknown.length > 0) {
      ctx.addIssue({
        code: "custom",
        message: `Unknown checklist items: ${unknown.join(", ")}; the items are ${CHECKLIST_ITEM_IDS.join(", ")}`,
      });
    }
  });
export type ChecklistAnswers = Record<string, ChecklistAnswer>;

/** A category passes when every one of its items passes. */
export function passedCategories(answers: ChecklistAnswers): ChecklistCategoryKey[] {
  return REVIEW_CHECKLIST.filter((category) =>
    category.items.every((item) => answers[`${category.key}.${item.key}`]?.passed === true),
  ).map((category) => category.key);
}

/** The spec's scoring: 5 of 5 categories APPROVED, 4 of 5 APPROVED WITH NOTES, 3 or fewer REJECT. */
export function checklistVerdict(answers: ChecklistAnswers): SampleVerdict {
  const passed = passedCategories(answers).length;
  if (passed === REVIEW_CHECKLIST.length) return "approved";
  if (passed === REVIEW_CHECKLIST.length - 1) return "approved_with_notes";
  return "rejected";
}

const SEVERITY: Readonly<Record<SampleVerdict, number>> = {
  approved: 0,
  approved_with_notes: 1,
  rejected: 2,
};

/**
 * Why a chosen verdict cannot stand, or null. A reviewer may be stricter than the checklist (a
 * conversation can pass every item and still be unfit), never more lenient; the two verdicts
 * short of APPROVED need notes saying why.
 */
export function verdictProblem(
  answers: ChecklistAnswers,
  verdict: SampleVerdict,
  notes: string,
): string | null {
  const floor = checklistVerdict(answers);
  if (SEVERITY[verdict] < SEVERITY[floor]) {
    const passed = passedCategories(answers).length;
    return `${passed} of ${REVIEW_CHECKLIST.length} categories passed, so the verdict is at least ${SAMPLE_VERDICT_LABELS[floor]}, not ${SAMPLE_VERDICT_LABELS[verdict]}`;
  }
  if (verdict !== "approved" && notes.trim() === "") {
    return `${SAMPLE_VERDICT_LABELS[verdict]} needs notes saying what is wrong`;
  }
  return null;
}

// Flags of `parley review …` checked with the same zod rules the API uses, so a bad rate, size,
// seed or checklist item is refused with the same words on the command line as on the web.
import {
  CHECKLIST_ITEM_IDS,
  type ChecklistAnswers,
  REVIEW_CHECKLIST,
  rateOrSize,
  SAMPLE_VERDICTS,
  type SampleSizeRequest,
  type SampleVerdict,
  sampleSeedSchema,
  sampleSizeFields,
  sampleSizeRequest,
} from "@parley/generation";
import { z } from "zod";
import type { CliOptions } from "../cli-options.ts";

const number = (flag: string) =>
  z
    .string()
    .trim()
    .refine((text) => text !== "" && Number.isFinite(Number(text)), `${flag} takes a number`)
    .transform(Number);

const sampleFlags = z
  .object({
    rate: number("--rate").pipe(sampleSizeFields.rate.unwrap()).optional(),
    size: number("--size").pipe(sampleSizeFields.size.unwrap()).optional(),
    seed: sampleSeedSchema.optional(),
  })
  .refine(...rateOrSize);

export function parseReviewSample(options: CliOptions): {
  request: SampleSizeRequest;
  seed?: string;
} {
  const flags = sampleFlags.parse({ rate: options.rate, size: options.size, seed: options.seed });
  return { request: sampleSizeRequest(flags), ...(flags.seed ? { seed: flags.seed } : {}) };
}

/** The verdict as typed: the spec's words, any case, spaces or dashes. */
const VERDICT_WORDS: Readonly<Record<string, SampleVerdict>> = {
  approved: "approved",
  approve: "approved",
  approved_with_notes: "approved_with_notes",
  rejected: "rejected",
  reject: "rejected",
};

export interface ParsedVerdict {
  verdict: SampleVerdict;
  checklist: ChecklistAnswers;
  notes: string;
}

/**
 * Every checklist item passes except those named by `--fail` (item ids like
 * `brand_voice.asks_permission`, or a category key to fail all four of its items).
 */
export function parseReviewVerdict(options: CliOptions): ParsedVerdict {
  const typed = String(options.verdict ?? "")
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  const verdict = VERDICT_WORDS[typed];
  if (!verdict) {
    throw new z.ZodError([
      {
        code: "custom",
        path: ["verdict"],
        input: options.verdict,
        message: `--verdict is one of ${SAMPLE_VERDICTS.join(", ")} (e.g. --verdict approved-with-notes)`,
      },
    ]);
  }
  const failing = new Set<string>();
  for (const name of String(options.fail ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)) {
    const category = REVIEW_CHECKLIST.find((entry) => entry.key === name);
    if (category) {
      for (const item of category.items) failing.add(`${category.key}.${item.key}`);
    } else if (CHECKLIST_ITEM_IDS.includes(name)) {
      failing.add(name);
    } else {
      throw new z.ZodError([
        {
          code: "custom",
          path: ["fail"],
          input: name,
          message: `--fail: "${name}" is no checklist item or category; they are ${REVIEW_CHECKLIST.map((entry) => entry.key).join(", ")} and ${CHECKLIST_ITEM_IDS.join(", ")}`,
        },
      ]);
    }
  }
  return {
    verdict,
    checklist: Object.fromEntries(
      CHECKLIST_ITEM_IDS.map((id) => [id, { passed: !failing.has(id) }]),
    ),
    notes: typeof options.notes === "string" ? options.notes.trim() : "",
  };
}

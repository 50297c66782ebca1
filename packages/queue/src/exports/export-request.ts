// What an export asks for, as stored in an `exports` row (format, filters, options) and checked
// by zod wherever a request comes in: the API, the CLI and the export job read the same schemas.
import { CONVERSATION_STATUSES, type Export, TIERS } from "@parley/db";
import { DATASET_LICENSE_IDS, EXPORT_FORMAT_IDS } from "@parley/export";
import { z } from "zod";

export const exportFormatSchema = z.enum(EXPORT_FORMAT_IDS);
export const PACKAGE_KINDS = ["folder", "zip", "tar.gz"] as const;
export type PackageKind = (typeof PACKAGE_KINDS)[number];

const quality = z.number().min(0).max(10);

/** Plain JSON (dates as ISO strings), so the job can replay the selection later. */
export const exportFiltersSchema = z
  .object({
    statuses: z.array(z.enum(CONVERSATION_STATUSES)).optional(),
    tiers: z.array(z.enum(TIERS)).optional(),
    personaIds: z.array(z.uuid()).optional(),
    arcIds: z.array(z.uuid()).optional(),
    topicIds: z.array(z.uuid()).optional(),
    batchId: z.uuid().optional(),
    minQuality: quality.optional(),
    maxQuality: quality.optional(),
    createdAfter: z.iso.datetime({ offset: true }).optional(),
    createdBefore: z.iso.datetime({ offset: true }).optional(),
    includeDuplicates: z.boolean().optional(),
  })
  .refine(
    (filters) =>
      filters.minQuality === undefined ||
      filters.maxQuality === undefined ||
      filters.minQuality <= filters.maxQuality,
    { message: "The minimum quality must not be above the maximum", path: ["minQuality"] },
  )
  .refine(
    (filters) =>
      !filters.createdAfter ||
      !filters.createdBefore ||
      new Date(filters.createdAfter) < new Date(filters.createdBefore),
    { message: "`since` must be before `until`", path: ["createdAfter"] },
  );
export type ExportFilters = z.infer<typeof exportFiltersSchema>;

const ratio = z.number().min(0).max(1);
export const exportSplitSchema = z.object({
  ratios: z
    .object({ train: ratio, validation: ratio, test: ratio })
    .refine((r) => Math.abs(r.train + r.validation + r.test - 1) < 1e-6, {
      message: "Split ratios must add up to 1",
    }),
  /** Same seed, same selection → the same conversations in each split. */
  seed: z.string().min(1).max(100).optional(),
});
export type ExportSplit = z.infer<typeof exportSplitSchema>;

/**
 * How chat formats (messages, sharegpt, parquet) lay out a conversation; each format reads the
 * ones it knows. Unset, every option takes its format's default.
 */
export const chatLayoutOptionsSchema = z.object({
  /** The system prompt as its own message, folded into the first user message, or left out. */
  systemMode: z.enum(["include", "fold", "omit"]).optional(),
  /** Merge same-speaker runs so the dialogue alternates user/assistant, user first (default). */
  strictAlternation: z.boolean().optional(),
  /** messages: OpenAI's `weight` on assistant messages — every one, only the last, or none. */
  assistantWeights: z.enum(["none", "all", "last"]).optional(),
  /** messages: a `metadata` object per line (default); off for an OpenAI fine-tuning upload. */
  includeMetadata: z.boolean().optional(),
});
export type ChatLayoutOptions = z.infer<typeof chatLayoutOptionsSchema>;

/** Only the chat layout options of a request (zod drops the other keys). */
export function chatLayoutOf(options: ChatLayoutOptions): ChatLayoutOptions {
  return chatLayoutOptionsSchema.parse(options);
}

export const exportRunOptionsSchema = chatLayoutOptionsSchema.extend({
  /** Train/validation/test, stratified by tier. Implies a package. */
  split: exportSplitSchema.optional(),
  /** A dataset package (data, card, quality report, licence) instead of a single file. */
  package: z.enum(PACKAGE_KINDS).optional(),
  /** Dataset name in the package's card and file names. */
  name: z
    .string()
    .regex(/^[A-Za-z0-9][\w.-]{0,95}$/, "Use letters, digits, '.', '_' or '-'")
    .optional(),
  version: z.string().min(1).max(40).optional(),
  license: z.enum(DATASET_LICENSE_IDS).optional(),
  /** Push the package to this HuggingFace dataset repository (owner/name). */
  hub: z
    .object({
      repo: z.string().regex(/^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/, "Use owner/name"),
      private: z.boolean().default(true),
    })
    .optional(),
});
export type ExportRunOptions = z.infer<typeof exportRunOptionsSchema>;

/** A stored row's request, validated again: rows may predate a schema change. */
export function exportRequestOf(row: Pick<Export, "format" | "filters" | "options">): {
  format: z.infer<typeof exportFormatSchema>;
  filters: ExportFilters;
  options: ExportRunOptions;
} {
  return {
    format: exportFormatSchema.parse(row.format),
    filters: exportFiltersSchema.parse(row.filters),
    options: exportRunOptionsSchema.parse(row.options),
  };
}

/** Whether the request produces a package rather than one data file. */
export function isPackageRequest(options: ExportRunOptions): boolean {
  return Boolean(options.package || options.split || options.hub);
}

// What a user may ask of a new batch, validated once for the web app and the CLI alike.
import { BATCH_PRIORITIES, TIERS } from "@parley/db";
import { z } from "zod";

const tierCountsSchema = z.object(
  Object.fromEntries(TIERS.map((tier) => [tier, z.number().int().min(0).max(10_000)])) as Record<
    (typeof TIERS)[number],
    z.ZodNumber
  >,
);

/** A shared parameter's name, as the wizard's form checks it too. */
export const PARAMETER_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

export const errorStrategySchema = z
  .string()
  .regex(/^(continue|stop|threshold:[1-9][0-9]*)$/, {
    message: 'Use "continue", "stop" or "threshold:N" (stop after N failed items)',
  })
  .transform((value) => value as "continue" | "stop" | `threshold:${number}`);

/**
 * A batch's concurrency: "auto" (the default: as many items at once as the shared rate budget
 * and the workers allow) or a ceiling, any positive whole number. Parsed to null for "auto"
 * (and null, what a parsed value passes on, is read as "auto" again).
 */
export const concurrencySchema = z
  .union([
    z.literal("auto"),
    z.null(),
    z
      .number({ message: 'Concurrency must be "auto" or a whole number of items' })
      .int({ message: "Concurrency must be a whole number of items, or auto" })
      .min(1, { message: 'Concurrency must be at least 1 (or "auto" to follow the rate limits)' }),
  ])
  .transform((value) => (value === "auto" ? null : value));

/** A budget cap in dollars. */
export const budgetUsdSchema = z
  .number({ message: "The budget cap must be a number of dollars" })
  .positive({ message: "The budget cap must be more than $0" })
  .max(1_000_000, { message: "The budget cap can be at most $1,000,000" });

export const batchSettingsSchema = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  concurrency: concurrencySchema.default(null),
  errorStrategy: errorStrategySchema.default("continue"),
  priority: z.enum(BATCH_PRIORITIES).default("normal"),
  mode: z.enum(["realtime", "message_batches"]).default("realtime"),
  /** Stop spending past this many dollars: the batch pauses with that reason. */
  budgetUsd: budgetUsdSchema.optional(),
  /** Conversations below this composite quality score (0–10) go to review. */
  qualityThreshold: z.number().min(0).max(10).default(7),
  /** Also score each conversation with a second, judging call. */
  llmJudge: z.boolean().default(false),
  model: z.string().trim().min(1).max(100).optional(),
  /** The user confirmed launching a model with no known price (its cost is then unknown). */
  acceptUnknownCost: z.boolean().default(false),
  /** Messages per conversation (user and assistant together); the tier's default when unset. */
  turnCount: z.number().int().min(2).max(40).optional(),
  /** A prompt template per tier (the id of its active version); the built-in brief alone where unset. */
  templates: z
    .object({
      template: z.uuid().optional(),
      scenario: z.uuid().optional(),
      edge_case: z.uuid().optional(),
    })
    .default({}),
  /** Key-value parameters every conversation of the batch is briefed with ("region": "UK"). */
  parameters: z
    .record(z.string(), z.string().trim().min(1, { message: "A parameter needs a value" }).max(500))
    // Names are checked here rather than as the record's key schema, whose failures zod reports
    // only as "Invalid key in record".
    .superRefine((parameters, context) => {
      const names = Object.keys(parameters);
      if (names.length > 20)
        context.addIssue({ code: "custom", message: "At most 20 shared parameters" });
      for (const name of names) {
        if (!PARAMETER_NAME.test(name)) {
          context.addIssue({
            code: "custom",
            path: [name],
            message: `"${name}" is not a parameter name: it starts with a letter and has only letters, digits and _ (40 at most)`,
          });
        }
      }
    })
    .default({}),
});

export const batchPlanInputSchema = z
  .object({
    /** How many conversations, split over tiers by `tierSplit` (default 70/20/10). */
    count: z.number().int().min(1).max(10_000).optional(),
    /** Exact per-tier counts instead of count + split. */
    tierCounts: tierCountsSchema.optional(),
    tierSplit: z
      .object({
        template: z.number().min(0),
        scenario: z.number().min(0),
        edge_case: z.number().min(0),
      })
      .optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
  })
  .refine((input) => (input.count === undefined) !== (input.tierCounts === undefined), {
    message: "Give either a count or per-tier counts",
  });

export const createBatchInputSchema = z.intersection(batchPlanInputSchema, batchSettingsSchema);
export type CreateBatchInput = z.input<typeof createBatchInputSchema>;
export type ParsedCreateBatchInput = z.output<typeof createBatchInputSchema>;
export type ParsedBatchSettings = z.output<typeof batchSettingsSchema>;
export type BatchSettingsInput = z.input<typeof batchSettingsSchema>;

// The manual review protocol: draw a batch's review sample, read the latest with its result and
// the earlier ones, and record one sampled conversation's checklist and verdict.
import {
  CONVERSATION_STATUSES,
  createReviewSample,
  findLatestReviewSample,
  listReviewSamples,
  recordSampleVerdict,
  TIERS,
} from "@parley/db";
import {
  CHECKLIST_CATEGORY_KEYS,
  checklistAnswersSchema,
  rateOrSize,
  SAMPLE_VERDICTS,
  sampleSeedSchema,
  sampleSizeFields,
  sampleSizeRequest,
} from "@parley/generation";
import { z } from "zod";
import { reviewerProcedure, router, workspaceProcedure } from "../trpc.ts";

const batchId = z.object({ batchId: z.uuid() });
const verdict = z.enum(SAMPLE_VERDICTS);
const verdictCounts = {
  approved: z.number().int(),
  approvedWithNotes: z.number().int(),
  rejected: z.number().int(),
};
const tierResult = z.object({
  ...verdictCounts,
  size: z.number().int(),
  reviewed: z.number().int(),
});

const sampleResult = z.object({
  ...verdictCounts,
  size: z.number().int(),
  reviewed: z.number().int(),
  unreviewed: z.number().int(),
  passRate: z.number().nullable(),
  passRateRequired: z.number(),
  outcome: z.enum(["met", "not_met", "incomplete"]),
  byTier: z.partialRecord(z.enum(TIERS), tierResult),
  byCategory: z.record(
    z.enum(CHECKLIST_CATEGORY_KEYS as [string, ...string[]]),
    z.object({ passed: z.number().int(), failed: z.number().int() }),
  ),
});

const sampleSummary = z.object({
  id: z.uuid(),
  batchId: z.uuid(),
  seed: z.string(),
  rate: z.number().nullable(),
  requestedSize: z.number().int().nullable(),
  size: z.number().int(),
  createdByName: z.string().nullable(),
  createdAt: z.date(),
  result: sampleResult,
});

const sampleItem = z.object({
  id: z.uuid(),
  position: z.number().int(),
  conversationId: z.uuid(),
  tier: z.enum(TIERS),
  title: z.string(),
  conversationStatus: z.enum(CONVERSATION_STATUSES),
  qualityScore: z.number().nullable(),
  verdict: verdict.nullable(),
  checklist: z
    .record(z.string(), z.object({ passed: z.boolean(), note: z.string().optional() }))
    .nullable(),
  notes: z.string(),
  reviewerName: z.string().nullable(),
  reviewedAt: z.date().nullable(),
});

const sampleView = sampleSummary.extend({ items: z.array(sampleItem) });

export const reviewSampleRouter = router({
  /** Draws a new sample (10 % by default); the batch's earlier samples are kept. */
  draw: reviewerProcedure
    .input(
      batchId
        .extend({ seed: sampleSeedSchema.optional(), ...sampleSizeFields })
        .refine(...rateOrSize),
    )
    .output(sampleView)
    .mutation(({ ctx, input }) =>
      createReviewSample(ctx.db, {
        workspaceId: ctx.workspace.id,
        batchId: input.batchId,
        ...(input.seed ? { seed: input.seed } : {}),
        request: sampleSizeRequest(input),
        createdBy: ctx.user?.id ?? null,
      }),
    ),

  /** The batch's newest sample with its conversations and result; null when never sampled. */
  latest: workspaceProcedure
    .input(batchId)
    .output(sampleView.nullable())
    .query(
      async ({ ctx, input }) =>
        (await findLatestReviewSample(ctx.db, {
          workspaceId: ctx.workspace.id,
          batchId: input.batchId,
        })) ?? null,
    ),

  /** Every sample of the batch, newest first, each with its result. */
  history: workspaceProcedure
    .input(batchId)
    .output(z.array(sampleSummary))
    .query(({ ctx, input }) =>
      listReviewSamples(ctx.db, { workspaceId: ctx.workspace.id, batchId: input.batchId }),
    ),

  /** One sampled conversation's checklist and verdict; the conversation is approved or rejected with it. */
  record: reviewerProcedure
    .input(
      batchId.extend({
        conversationId: z.uuid(),
        checklist: checklistAnswersSchema,
        verdict,
        notes: z.string().trim().max(5000).default(""),
      }),
    )
    .output(sampleItem)
    .mutation(({ ctx, input }) =>
      recordSampleVerdict(ctx.db, {
        workspaceId: ctx.workspace.id,
        batchId: input.batchId,
        conversationId: input.conversationId,
        checklist: input.checklist,
        verdict: input.verdict,
        notes: input.notes,
        reviewerId: ctx.user?.id ?? null,
      }),
    ),
});

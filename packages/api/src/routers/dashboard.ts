// The workspace dashboard: spend per day, quality distribution, review backlog, coverage gaps.
import {
  CONVERSATION_STATUSES,
  findCoverageGaps,
  findDailySpend,
  findQualityDistribution,
  findReviewBacklog,
  REVIEW_QUEUE_STATUSES,
} from "@parley/db";
import { z } from "zod";
import { router, workspaceProcedure } from "../trpc.ts";

const spendView = z.array(
  z.object({ day: z.string(), costUsd: z.number(), calls: z.number(), simulatedCalls: z.number() }),
);
const qualityView = z.object({
  buckets: z.array(z.object({ from: z.number(), to: z.number(), count: z.number() })),
  unscored: z.number(),
  average: z.number().nullable(),
});
const backlogView = z.array(
  z.object({
    status: z.enum(CONVERSATION_STATUSES),
    count: z.number(),
    /** Whether the review queue holds conversations in this status (awaiting a decision). */
    inReviewQueue: z.boolean(),
  }),
);
const gapsView = z.array(
  z.object({
    kind: z.enum(["persona", "arc", "topic"]),
    id: z.string(),
    name: z.string(),
    approved: z.number(),
    total: z.number(),
  }),
);

export const dashboardRouter = router({
  spend: workspaceProcedure
    .input(z.object({ days: z.number().int().min(1).max(366).default(30) }).default({ days: 30 }))
    .output(spendView)
    .query(({ ctx, input }) =>
      findDailySpend(ctx.db, { workspaceId: ctx.workspace.id, days: input.days }),
    ),

  quality: workspaceProcedure
    .output(qualityView)
    .query(({ ctx }) => findQualityDistribution(ctx.db, { workspaceId: ctx.workspace.id })),

  /** Every status in the review workflow, zero included, in workflow order. */
  backlog: workspaceProcedure.output(backlogView).query(async ({ ctx }) => {
    const counts = await findReviewBacklog(ctx.db, { workspaceId: ctx.workspace.id });
    const queued: readonly string[] = REVIEW_QUEUE_STATUSES;
    return CONVERSATION_STATUSES.filter((status) => status !== "archived").map((status) => ({
      status,
      count: counts[status] ?? 0,
      inReviewQueue: queued.includes(status),
    }));
  }),

  coverageGaps: workspaceProcedure
    .input(
      z
        .object({
          minApproved: z.number().int().min(1).max(1000).default(3),
          limit: z.number().int().min(1).max(200).default(20),
        })
        .default({ minApproved: 3, limit: 20 }),
    )
    .output(gapsView)
    .query(({ ctx, input }) =>
      findCoverageGaps(ctx.db, { workspaceId: ctx.workspace.id, ...input }),
    ),
});

// Conversations: one with its turns, and filtered, paginated lists.
import { findConversation, listConversations } from "@parley/db";
import { AppError, TIERS } from "@parley/generation";
import { z } from "zod";
import { router, workspaceProcedure } from "../trpc.ts";

const statuses = [
  "draft",
  "generating",
  "generated",
  "pending_review",
  "approved",
  "rejected",
  "needs_revision",
  "failed",
  "archived",
] as const;

export const conversationRouter = router({
  get: workspaceProcedure
    .input(z.object({ conversationId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const conversation = await findConversation(ctx.db, {
        workspaceId: ctx.workspace.id,
        conversationId: input.conversationId,
      });
      if (!conversation) throw AppError.notFound("Conversation", input.conversationId);
      return conversation;
    }),

  list: workspaceProcedure
    .input(
      z.object({
        batchId: z.uuid().optional(),
        statuses: z.array(z.enum(statuses)).optional(),
        tiers: z.array(z.enum(TIERS)).optional(),
        search: z.string().trim().max(200).optional(),
        minQuality: z.number().min(0).max(10).optional(),
        maxQuality: z.number().min(0).max(10).optional(),
        limit: z.number().int().min(1).max(200).default(50),
        cursor: z.string().nullish(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const { limit, cursor, ...filters } = input;
      const page = await listConversations(ctx.db, {
        workspaceId: ctx.workspace.id,
        filters: {
          ...filters,
          ...(filters.search ? {} : { search: undefined }),
        },
        limit,
        cursor: cursor ?? null,
        withTotal: true,
      });
      return {
        nextCursor: page.nextCursor,
        total: page.total ?? null,
        items: page.items.map((row) => ({
          id: row.id,
          title: row.title,
          tier: row.tier,
          status: row.status,
          qualityScore: row.quality_score,
          persona: row.persona_name,
          arc: row.arc_name,
          topic: row.topic_name,
          simulated: row.simulated,
          costUsd: row.cost_usd,
          createdAt: row.created_at,
        })),
      };
    }),
});

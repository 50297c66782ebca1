// Archiving conversations by hand: archive some (by id, or everything a list filter matches),
// list the archived ones, restore them. Nothing is deleted.
import { archiveConversations, listConversations, restoreConversations } from "@parley/db";
import { z } from "zod";
import { conversationFiltersInput, toConversationFilters } from "../conversation-filters-input.ts";
import { reviewerProcedure, router, workspaceProcedure } from "../trpc.ts";
import { conversationPageOutput, toListItem } from "./conversation.ts";

const conversationIds = z.object({
  conversationIds: z
    .array(z.uuid())
    .min(1, { message: "Pick at least one conversation" })
    .max(500, { message: "At most 500 conversations at once; archive the rest by filter" }),
});
const changed = z.object({ conversationIds: z.array(z.uuid()), count: z.number().int() });

export const archiveRouter = router({
  /** The conversations archived by hand, newest first. */
  list: workspaceProcedure
    .input(
      z.object({
        search: z.string().trim().max(200).optional(),
        limit: z.number().int().min(1).max(200).default(50),
        cursor: z.string().max(500).nullish(),
        before: z.string().max(500).nullish(),
      }),
    )
    .output(conversationPageOutput)
    .query(async ({ ctx, input }) => {
      const page = await listConversations(ctx.db, {
        workspaceId: ctx.workspace.id,
        filters: { archivedByHand: true, ...(input.search ? { search: input.search } : {}) },
        limit: input.limit,
        cursor: input.cursor ?? null,
        before: input.before ?? null,
        withTotal: true,
      });
      return {
        items: page.items.map(toListItem),
        nextCursor: page.nextCursor,
        prevCursor: page.prevCursor,
        total: page.total ?? null,
      };
    }),

  archive: reviewerProcedure
    .input(conversationIds)
    .output(changed)
    .mutation(async ({ ctx, input }) => {
      const ids = await archiveConversations(ctx.db, {
        workspaceId: ctx.workspace.id,
        userId: ctx.user?.id ?? null,
        conversationIds: input.conversationIds,
      });
      return { conversationIds: ids, count: ids.length };
    }),

  /** Everything the conversation list's filters match (its "Archive these"). */
  archiveMatching: reviewerProcedure
    .input(z.object({ filters: conversationFiltersInput }))
    .output(changed)
    .mutation(async ({ ctx, input }) => {
      const ids = await archiveConversations(ctx.db, {
        workspaceId: ctx.workspace.id,
        userId: ctx.user?.id ?? null,
        filters: toConversationFilters(input.filters),
      });
      return { conversationIds: ids, count: ids.length };
    }),

  restore: reviewerProcedure
    .input(conversationIds)
    .output(changed)
    .mutation(async ({ ctx, input }) => {
      const ids = await restoreConversations(ctx.db, {
        workspaceId: ctx.workspace.id,
        userId: ctx.user?.id ?? null,
        conversationIds: input.conversationIds,
      });
      return { conversationIds: ids, count: ids.length };
    }),
});

// The review queue: conversations awaiting a human decision, one decision at a time or the same
// decision for a selection or a whole filter (applied in the database, by the filter itself).
import {
  CONVERSATION_STATUSES,
  countConversations,
  listConversations,
  REVIEW_QUEUE_STATUSES,
  reviewConversation,
  reviewConversations,
} from "@parley/db";
import { z } from "zod";
import { conversationFiltersInput, toConversationFilters } from "../conversation-filters-input.ts";
import { reviewerProcedure, router, workspaceProcedure } from "../trpc.ts";
import { conversationPageOutput, conversationSortInput, toListItem } from "./conversation.ts";

const decision = z.enum(["approve", "reject", "needs_revision"]);
const notes = z.string().trim().max(5000).default("");
const queueStatus = z.enum(REVIEW_QUEUE_STATUSES);

/** The queue's own statuses unless the filter narrows them to some of those. */
function queueFilters(filters: z.infer<typeof conversationFiltersInput>) {
  const wanted = (filters.statuses ?? []).filter((s): s is (typeof REVIEW_QUEUE_STATUSES)[number] =>
    (REVIEW_QUEUE_STATUSES as readonly string[]).includes(s),
  );
  return toConversationFilters({
    ...filters,
    statuses: wanted.length > 0 ? wanted : [...REVIEW_QUEUE_STATUSES],
  });
}

const queueFiltersInput = conversationFiltersInput.default({});

export const reviewRouter = router({
  /** Oldest first by default, so nothing waits forever. */
  queue: workspaceProcedure
    .input(
      z.object({
        filters: queueFiltersInput,
        sort: conversationSortInput.default({ by: "created", direction: "asc" }),
        limit: z.number().int().min(1).max(200).default(50),
        cursor: z.string().max(500).nullish(),
        before: z.string().max(500).nullish(),
      }),
    )
    .output(conversationPageOutput.extend({ statuses: z.array(queueStatus) }))
    .query(async ({ ctx, input }) => {
      const filters = queueFilters(input.filters);
      const page = await listConversations(ctx.db, {
        workspaceId: ctx.workspace.id,
        filters,
        sort: {
          by:
            input.sort.by === "quality"
              ? "qualityScore"
              : input.sort.by === "title"
                ? "title"
                : "createdAt",
          direction: input.sort.direction,
        },
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
        statuses: (filters.statuses ?? []) as (typeof REVIEW_QUEUE_STATUSES)[number][],
      };
    }),

  /** How many conversations await review in this workspace (for the navigation badge). */
  count: workspaceProcedure
    .input(z.object({}).optional())
    .output(z.object({ awaiting: z.number().int() }))
    .query(async ({ ctx }) => ({
      awaiting: await countConversations(ctx.db, {
        workspaceId: ctx.workspace.id,
        filters: { statuses: [...REVIEW_QUEUE_STATUSES] },
      }),
    })),

  /** One decision (or a comment) on one conversation, written to its review history. */
  decide: reviewerProcedure
    .input(
      z.object({
        conversationId: z.uuid(),
        action: z.enum(["approve", "reject", "needs_revision", "comment"]),
        notes,
      }),
    )
    .output(z.object({ reviewId: z.uuid(), status: z.enum(CONVERSATION_STATUSES) }))
    .mutation(async ({ ctx, input }) => {
      const { conversation, review } = await reviewConversation(ctx.db, {
        workspaceId: ctx.workspace.id,
        conversationId: input.conversationId,
        action: input.action,
        notes: input.notes,
        reviewerId: ctx.user?.id ?? null,
      });
      return { reviewId: review.id, status: conversation.status };
    }),

  /**
   * The same decision for a selection (ids) or for everything the queue's filter matches; the
   * filter is applied in the database, so a 10 000-row filter never travels to the browser.
   */
  bulk: reviewerProcedure
    .input(
      z.object({
        action: decision,
        notes,
        target: z.discriminatedUnion("kind", [
          z.object({ kind: z.literal("ids"), ids: z.array(z.uuid()).min(1).max(500) }),
          z.object({ kind: z.literal("filter"), filters: queueFiltersInput }),
        ]),
      }),
    )
    .output(z.object({ reviewed: z.number().int() }))
    .mutation(({ ctx, input }) =>
      reviewConversations(ctx.db, {
        workspaceId: ctx.workspace.id,
        filters:
          input.target.kind === "ids"
            ? { ids: input.target.ids, statuses: [...REVIEW_QUEUE_STATUSES] }
            : queueFilters(input.target.filters),
        action: input.action,
        notes: input.notes,
        reviewerId: ctx.user?.id ?? null,
      }),
    ),
});

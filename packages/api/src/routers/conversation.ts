// Conversations: the filtered, sorted, paginated list; one conversation with everything the page
// shows; inline turn edits; regeneration with edited parameters and its progress.
import {
  BATCH_ITEM_STATUSES,
  CONVERSATION_STATUSES,
  editConversationTurn,
  findConversationIdByReadableId,
  findLatestRegeneration,
  getConversationDetail,
  listConversationFilterOptions,
  listConversations,
  TIERS,
} from "@parley/db";
import {
  AppError,
  DIMENSION_FLOORS,
  qualityDimensionsSchema,
  readQualityDimensions,
  SCORED_DIMENSIONS,
} from "@parley/generation";
import { regenerateConversation } from "@parley/queue";
import { z } from "zod";
import { conversationFiltersInput, toConversationFilters } from "../conversation-filters-input.ts";
import { qualityBreakdown, qualityBreakdownOutput } from "../quality-breakdown.ts";
import { reviewerProcedure, router, workspaceProcedure } from "../trpc.ts";

const conversationId = z.object({ conversationId: z.uuid() });
const status = z.enum(CONVERSATION_STATUSES);
const tier = z.enum(TIERS);

const SORT_COLUMNS = {
  created: "createdAt",
  quality: "qualityScore",
  title: "title",
} as const;

export const conversationSortInput = z.object({
  by: z.enum(["created", "quality", "title"]).default("created"),
  direction: z.enum(["asc", "desc"]).default("desc"),
});

const listItemOutput = z.object({
  id: z.uuid(),
  /** `fp_<persona>_<###>`: the id people read and type. */
  readableId: z.string(),
  /** Set while it is archived by hand. */
  archivedAt: z.date().nullable(),
  title: z.string(),
  tier,
  status,
  qualityScore: z.number().nullable(),
  /** The quality dimensions; null for conversations scored before them. */
  dimensions: qualityDimensionsSchema.nullable(),
  persona: z.string().nullable(),
  arc: z.string().nullable(),
  topic: z.string().nullable(),
  edgeCase: z.string().nullable(),
  batchId: z.uuid().nullable(),
  /** The conversation this one nearly duplicates (near-duplicate detection), if any. */
  duplicateOf: z.uuid().nullable(),
  simulated: z.boolean(),
  humanEdited: z.boolean(),
  version: z.number().int(),
  turnCount: z.number().int(),
  costUsd: z.number(),
  createdAt: z.date(),
});

export const conversationPageOutput = z.object({
  items: z.array(listItemOutput),
  nextCursor: z.string().nullable(),
  prevCursor: z.string().nullable(),
  total: z.number().int().nullable(),
});

export const conversationListInput = z.object({
  filters: conversationFiltersInput.default({}),
  sort: conversationSortInput.default({ by: "created", direction: "desc" }),
  limit: z.number().int().min(1).max(200).default(50),
  /** The rows after this position (a page's nextCursor). */
  cursor: z.string().max(500).nullish(),
  /** The rows before this position (a page's prevCursor). */
  before: z.string().max(500).nullish(),
  withTotal: z.boolean().default(true),
});

type ListRow = Awaited<ReturnType<typeof listConversations>>["items"][number];

export function toListItem(row: ListRow): z.infer<typeof listItemOutput> {
  return {
    id: row.id,
    readableId: row.readableId,
    archivedAt: row.archivedAt,
    title: row.title,
    tier: row.tier,
    status: row.status,
    qualityScore: row.qualityScore,
    dimensions: readQualityDimensions(row.qualityDimensions),
    persona: row.personaName,
    arc: row.arcName,
    topic: row.topicName,
    edgeCase: row.edgeCaseName,
    batchId: row.batchId,
    duplicateOf: row.duplicateOf,
    simulated: row.simulated,
    humanEdited: row.isHumanEdited,
    version: row.version,
    turnCount: row.turnCount,
    costUsd: row.costUsd,
    createdAt: row.createdAt,
  };
}

const ref = z.object({ id: z.uuid(), key: z.string(), name: z.string() }).nullable();
const emotion = z.object({
  primary: z.string().min(1).max(60),
  intensity: z.number().min(0).max(1),
  secondary: z.array(z.string().min(1).max(60)).max(10).optional(),
});
/** What is stored may predate the input limits above: read back without them. */
const storedEmotion = z.object({
  primary: z.string(),
  intensity: z.number(),
  secondary: z.array(z.string()).optional(),
});
const regenerationOutput = z
  .object({
    batchId: z.uuid(),
    status: z.enum(BATCH_ITEM_STATUSES),
    error: z.string().nullable(),
    conversationId: z.uuid().nullable(),
    note: z.string(),
    requestedAt: z.date(),
  })
  .nullable();

/** The stored brief's free-form part; conversations from older versions may lack it. */
const storedBrief = z
  .object({
    brief: z
      .object({
        intent: z.string().optional(),
        tone: z.string().optional(),
        parameters: z.record(z.string(), z.string()).optional(),
      })
      .optional(),
  })
  .catch({});

const detailOutput = z.object({
  conversation: z.object({
    id: z.uuid(),
    readableId: z.string(),
    /** Archived by hand: when, by whom, and the status a restore gives back. */
    archive: z
      .object({ at: z.date(), by: z.string().nullable(), fromStatus: status.nullable() })
      .nullable(),
    title: z.string(),
    summary: z.string(),
    learningObjective: z.string().nullable(),
    status,
    tier,
    version: z.number().int(),
    parentId: z.uuid().nullable(),
    batchId: z.uuid().nullable(),
    duplicateOf: z.uuid().nullable(),
    simulated: z.boolean(),
    humanEdited: z.boolean(),
    model: z.string().nullable(),
    qualityScore: z.number().nullable(),
    turnCount: z.number().int(),
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    cacheCreationTokens: z.number().int(),
    cacheReadTokens: z.number().int(),
    costUsd: z.number(),
    createdAt: z.date(),
    updatedAt: z.date(),
    persona: ref,
    arc: ref,
    topic: ref,
    edgeCase: ref,
    promptTemplate: z.object({ id: z.uuid(), name: z.string(), version: z.number() }).nullable(),
    /** What the conversation was briefed with beyond its scaffolding. */
    brief: z.object({
      intent: z.string().nullable(),
      tone: z.string().nullable(),
      parameters: z.record(z.string(), z.string()),
    }),
  }),
  turns: z.array(
    z.object({
      id: z.uuid(),
      turnNumber: z.number().int(),
      role: z.enum(["user", "assistant", "system"]),
      content: z.string(),
      emotion: storedEmotion.nullable(),
      phase: z.string().nullable(),
      techniques: z.array(z.string()),
    }),
  ),
  quality: qualityBreakdownOutput.nullable(),
  dimensions: qualityDimensionsSchema.nullable(),
  /** Each dimension's floor: under it, the conversation goes to review whatever the overall. */
  dimensionFloors: z.record(z.enum(SCORED_DIMENSIONS), z.number()),
  logs: z.array(
    z.object({
      id: z.uuid(),
      attempt: z.number().int(),
      purpose: z.enum(["generation", "judge"]),
      model: z.string(),
      status: z.string(),
      inputTokens: z.number().int(),
      outputTokens: z.number().int(),
      cacheCreationTokens: z.number().int(),
      cacheReadTokens: z.number().int(),
      costUsd: z.number(),
      durationMs: z.number().nullable(),
      errorCode: z.string().nullable(),
      errorMessage: z.string().nullable(),
      requestId: z.string().nullable(),
      simulated: z.boolean(),
      createdAt: z.date(),
    }),
  ),
  reviews: z.array(
    z.object({
      id: z.uuid(),
      action: z.enum(["approve", "reject", "needs_revision", "comment"]),
      previousStatus: status.nullable(),
      newStatus: status.nullable(),
      notes: z.string(),
      reviewer: z.string().nullable(),
      createdAt: z.date(),
    }),
  ),
  edits: z.array(
    z.object({
      id: z.uuid(),
      turnNumber: z.number().int(),
      previousContent: z.string(),
      newContent: z.string(),
      previousEmotion: storedEmotion.nullable(),
      newEmotion: storedEmotion.nullable(),
      editor: z.string().nullable(),
      createdAt: z.date(),
    }),
  ),
  versions: z.array(
    z.object({
      id: z.uuid(),
      version: z.number().int(),
      parentId: z.uuid().nullable(),
      status,
      title: z.string(),
      qualityScore: z.number().nullable(),
      createdAt: z.date(),
    }),
  ),
  regeneration: regenerationOutput,
});

const option = z.object({ id: z.uuid(), name: z.string(), retired: z.boolean() });

export const conversationRouter = router({
  list: workspaceProcedure
    .input(conversationListInput)
    .output(conversationPageOutput)
    .query(async ({ ctx, input }) => {
      const page = await listConversations(ctx.db, {
        workspaceId: ctx.workspace.id,
        filters: toConversationFilters(input.filters),
        sort: { by: SORT_COLUMNS[input.sort.by], direction: input.sort.direction },
        limit: input.limit,
        cursor: input.cursor ?? null,
        before: input.before ?? null,
        withTotal: input.withTotal,
      });
      return {
        items: page.items.map(toListItem),
        nextCursor: page.nextCursor,
        prevCursor: page.prevCursor,
        total: page.total ?? null,
      };
    }),

  filterOptions: workspaceProcedure
    .input(z.object({}).optional())
    .output(
      z.object({
        personas: z.array(option),
        arcs: z.array(option),
        topics: z.array(option),
        batches: z.array(z.object({ id: z.uuid(), name: z.string(), createdAt: z.date() })),
      }),
    )
    .query(({ ctx }) => listConversationFilterOptions(ctx.db, { workspaceId: ctx.workspace.id })),

  get: workspaceProcedure
    .input(conversationId)
    .output(detailOutput)
    .query(async ({ ctx, input }) => {
      const detail = await getConversationDetail(ctx.db, {
        workspaceId: ctx.workspace.id,
        conversationId: input.conversationId,
      });
      if (!detail) throw AppError.notFound("Conversation", input.conversationId);
      const { conversation: c, reviewerNames: names } = detail;
      const person = (id: string | null) => (id ? (names[id] ?? "Someone") : null);
      // detailOutput keeps the fields it lists and drops the rest of each row.
      return {
        conversation: {
          ...c,
          archive: c.archivedAt
            ? { at: c.archivedAt, by: person(c.archivedBy), fromStatus: c.archivedFromStatus }
            : null,
          humanEdited: c.isHumanEdited,
          brief: (({ brief }) => ({
            intent: brief?.intent || null,
            tone: brief?.tone || null,
            parameters: brief?.parameters ?? {},
          }))(storedBrief.parse(c.parameters)),
        },
        turns: c.turns,
        quality: qualityBreakdown(c.qualityMetrics, c.qualityScore),
        dimensions: readQualityDimensions(c.qualityDimensions),
        dimensionFloors: { ...DIMENSION_FLOORS },
        logs: detail.logs,
        reviews: c.reviews.map((review) => ({ ...review, reviewer: person(review.reviewerId) })),
        edits: detail.edits.map((edit) => ({ ...edit, editor: person(edit.editorId) })),
        versions: detail.versions,
        regeneration: detail.regeneration
          ? {
              batchId: detail.regeneration.batchId,
              status: detail.regeneration.status,
              error: detail.regeneration.error,
              conversationId: detail.regeneration.conversationId,
              note: detail.regeneration.note,
              requestedAt: detail.regeneration.requestedAt,
            }
          : null,
      };
    }),

  /** The conversation a readable id (`fp_<persona>_<###>`) names: its live version. */
  resolve: workspaceProcedure
    .input(z.object({ readableId: z.string().trim().min(1).max(120) }))
    .output(z.object({ conversationId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const conversationId = await findConversationIdByReadableId(ctx.db, {
        workspaceId: ctx.workspace.id,
        readableId: input.readableId,
      });
      if (!conversationId) throw AppError.notFound("Conversation", input.readableId);
      return { conversationId };
    }),

  /** Replaces a turn's text and/or emotion; the old values go to the edit history. */
  editTurn: reviewerProcedure
    .input(
      conversationId.extend({
        turnNumber: z.number().int().min(1).max(10_000, "No conversation has that many turns"),
        content: z.string().trim().min(1, "A turn cannot be empty").max(20_000).optional(),
        emotion: emotion.nullable().optional(),
      }),
    )
    .output(z.object({ turnNumber: z.number().int(), content: z.string(), edited: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const turn = await editConversationTurn(ctx.db, {
        workspaceId: ctx.workspace.id,
        conversationId: input.conversationId,
        turnNumber: input.turnNumber,
        ...(input.content === undefined ? {} : { content: input.content }),
        ...(input.emotion === undefined ? {} : { emotion: input.emotion }),
        editorId: ctx.user?.id ?? null,
      });
      return {
        turnNumber: turn.turnNumber,
        content: turn.content,
        edited: turn.updatedAt.getTime() > turn.createdAt.getTime(),
      };
    }),

  /** A new version generated by the worker; the old one is archived once it is stored. */
  regenerate: reviewerProcedure
    .input(
      conversationId.extend({
        personaId: z.uuid().optional(),
        arcId: z.uuid().optional(),
        topicId: z.uuid().optional(),
        tier: tier.optional(),
        turnCount: z
          .number()
          .int()
          .min(2)
          .max(40)
          .refine((n) => n % 2 === 0, "The turn count must be even (client first, consultant last)")
          .optional(),
        note: z.string().trim().max(2000).optional(),
      }),
    )
    .output(z.object({ batchId: z.uuid(), itemId: z.uuid() }))
    .mutation(({ ctx, input }) => {
      const { conversationId: id, ...overrides } = input;
      return regenerateConversation(ctx.db, ctx.queue, {
        workspaceId: ctx.workspace.id,
        conversationId: id,
        overrides,
        simulated: ctx.simulated,
        createdBy: ctx.user?.id ?? null,
      });
    }),

  /** Where the newest regeneration of a conversation is: the page follows it to the new version. */
  regeneration: workspaceProcedure
    .input(conversationId)
    .output(regenerationOutput)
    .query(async ({ ctx, input }) => {
      const regeneration = await findLatestRegeneration(ctx.db, {
        workspaceId: ctx.workspace.id,
        conversationId: input.conversationId,
      });
      if (!regeneration) return null;
      const { itemId: _itemId, ...rest } = regeneration;
      return rest;
    }),
});

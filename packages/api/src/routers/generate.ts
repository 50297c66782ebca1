// Single generation: the live template preview, start (a "generation.single" job the worker
// runs, so the web server never holds a provider key), the draft (pushed as it changes), save.
import {
  findGenerationDraft,
  GENERATION_DRAFT_STATUSES,
  type GenerationDraft,
  saveGenerationDraft,
} from "@parley/db";
import { AppError } from "@parley/generation";
import {
  draftConversation,
  draftResult,
  previewSingleGeneration,
  requestSingleGeneration,
  singleGenerationInputSchema,
} from "@parley/queue";
import { tracked } from "@trpc/server";
import { z } from "zod";
import { watchLiveAccess } from "../live-access.ts";
import { reviewerProcedure, router, workspaceProcedure } from "../trpc.ts";

const draftId = z.object({ draftId: z.uuid() });

const turnView = z.object({
  role: z.enum(["user", "assistant", "system"]),
  content: z.string(),
  emotion: z.object({
    primary: z.string(),
    intensity: z.number(),
    secondary: z.array(z.string()).optional(),
  }),
  phase: z.string().nullable(),
  techniques: z.array(z.string()),
});
const draftView = z.object({
  id: z.string(),
  status: z.enum(GENERATION_DRAFT_STATUSES),
  error: z.string().nullable(),
  attempts: z.number(),
  conversationId: z.string().nullable(),
  updatedAt: z.date(),
  result: z
    .object({
      title: z.string(),
      summary: z.string(),
      turns: z.array(turnView),
      qualityScore: z.number(),
      needsReview: z.boolean(),
      costUsd: z.number(),
      model: z.string(),
      simulated: z.boolean(),
      durationMs: z.number(),
    })
    .nullable(),
});
type DraftView = z.infer<typeof draftView>;

function toDraftView(draft: GenerationDraft): DraftView {
  const result = draftResult(draft);
  return {
    id: draft.id,
    status: draft.status,
    error: draft.error,
    attempts: draft.attempts,
    conversationId: draft.conversationId,
    updatedAt: draft.updatedAt,
    result: result && {
      title: result.conversation.title,
      summary: result.conversation.summary,
      turns: result.conversation.turns.map((turn) => ({
        role: turn.role,
        content: turn.content,
        emotion: turn.emotion,
        phase: turn.phase ?? null,
        techniques: turn.techniques ?? [],
      })),
      qualityScore: result.quality.score,
      needsReview: result.quality.needsReview,
      costUsd: result.costUsd,
      model: result.model,
      simulated: result.simulated,
      durationMs: result.durationMs,
    },
  };
}

async function requireDraft(
  ctx: { db: Parameters<typeof findGenerationDraft>[0]; workspace: { id: string } },
  id: string,
): Promise<DraftView> {
  const draft = await findGenerationDraft(ctx.db, { workspaceId: ctx.workspace.id, draftId: id });
  if (!draft) throw AppError.notFound("Generation", id);
  return toDraftView(draft);
}

const finished = (view: DraftView) => view.status !== "queued" && view.status !== "running";

export const generateRouter = router({
  preview: workspaceProcedure
    .input(
      z.object({
        templateId: z.uuid(),
        tier: z.string().optional(),
        personaId: z.uuid().nullable().optional(),
        arcId: z.uuid().nullable().optional(),
        topicId: z.uuid().nullable().optional(),
        intent: z.string().max(500).optional(),
        tone: z.string().max(200).optional(),
        turnCount: z.number().int().nullable().optional(),
        values: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
      }),
    )
    .output(
      z.object({
        text: z.string(),
        unresolved: z.array(z.string()),
        errors: z.array(z.object({ message: z.string(), variable: z.string().optional() })),
      }),
    )
    .query(({ ctx, input }) =>
      previewSingleGeneration(ctx.db, { ...input, workspaceId: ctx.workspace.id }),
    ),

  start: reviewerProcedure
    .input(singleGenerationInputSchema)
    .output(z.object({ draftId: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const draft = await requestSingleGeneration(ctx.db, ctx.queue, {
        workspaceId: ctx.workspace.id,
        input,
        createdBy: ctx.user?.id ?? null,
        simulated: ctx.simulated,
      });
      return { draftId: draft.id };
    }),

  draft: workspaceProcedure
    .input(draftId)
    .output(draftView)
    .query(({ ctx, input }) => requireDraft(ctx, input.draftId)),

  /** The draft on every change (the worker's NOTIFY), until it has finished. */
  /** Like batch.onProgress, ends within seconds of the caller losing access to the workspace. */
  onDraft: workspaceProcedure.input(draftId).subscription(async function* ({ ctx, input, signal }) {
    const access = watchLiveAccess(ctx, signal ?? new AbortController().signal);
    // Listening before the first read: a change committed in between still arrives.
    const changes = await ctx.progress.subscribe(input.draftId, access.signal);
    try {
      let view = await requireDraft(ctx, input.draftId);
      yield tracked(String(view.updatedAt.getTime()), view);
      if (finished(view)) return;
      for await (const _change of changes) {
        view = await requireDraft(ctx, input.draftId);
        yield tracked(String(view.updatedAt.getTime()), view);
        if (finished(view)) return;
      }
    } finally {
      changes.close();
      access.stop();
    }
    access.throwIfLost();
  }),

  /** Stores the draft as a conversation in the workspace (outside any batch); once. */
  save: reviewerProcedure
    .input(draftId)
    .output(z.object({ conversationId: z.string(), status: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const { conversation } = await saveGenerationDraft(ctx.db, {
        workspaceId: ctx.workspace.id,
        draftId: input.draftId,
        conversation: (draft) => draftConversation(draft, ctx.user?.id ?? null),
      });
      return { conversationId: conversation.id, status: conversation.status };
    }),
});

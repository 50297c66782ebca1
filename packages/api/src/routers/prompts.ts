// Prompts batches (#12 item 3): read and price a list of prompts, launch it on the batch queue,
// and page through its results. Controls, progress and settings are the batch router's.
import { BATCH_ITEM_STATUSES, findBatch, listPromptResults } from "@parley/db";
import { AppError } from "@parley/generation";
import { createPromptBatch, previewPromptBatch, promptBatchInputSchema } from "@parley/queue";
import { z } from "zod";
import { adminProcedure, router, workspaceProcedure } from "../trpc.ts";

/** Problems the preview lists; their count says how many more there are. */
const LISTED_PROBLEMS = 100;

export const promptsRouter = router({
  // A mutation only because the prompts can be megabytes, too long for a GET's URL; it stores nothing.
  preview: workspaceProcedure.input(promptBatchInputSchema).mutation(async ({ ctx, input }) => {
    const preview = await previewPromptBatch(ctx.db, {
      workspaceId: ctx.workspace.id,
      input,
      simulated: ctx.simulated,
      ...(ctx.simulator ? { simulator: ctx.simulator } : {}),
      confirmHint: 'tick "Cost unknown: generate anyway"',
    });
    return {
      count: preview.file.prompts.length,
      sample: preview.file.prompts.slice(0, 3).map((prompt) => ({
        line: prompt.line,
        prompt: prompt.prompt.slice(0, 200),
        sourceId: prompt.sourceId,
      })),
      problems: preview.file.problems.slice(0, LISTED_PROBLEMS),
      problemCount: preview.file.problems.length,
      estimate: preview.estimate,
      model: preview.model,
    };
  }),

  create: adminProcedure.input(promptBatchInputSchema).mutation(async ({ ctx, input }) => {
    const batch = await createPromptBatch(ctx.db, ctx.queue, {
      workspaceId: ctx.workspace.id,
      input,
      simulated: ctx.simulated,
      ...(ctx.simulator ? { simulator: ctx.simulator } : {}),
      createdBy: ctx.user?.id ?? null,
      confirmHint: 'tick "Cost unknown: generate anyway"',
    });
    return { id: batch.id, name: batch.name, totalItems: batch.totalItems };
  }),

  results: workspaceProcedure
    .input(
      z.object({
        batchId: z.uuid(),
        status: z.enum(BATCH_ITEM_STATUSES).optional(),
        page: z.number().int().min(0).max(100_000).default(0),
        pageSize: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(async ({ ctx, input }) => {
      const batch = await findBatch(ctx.db, {
        workspaceId: ctx.workspace.id,
        batchId: input.batchId,
      });
      if (!batch) throw AppError.notFound("Batch", input.batchId);
      if (batch.kind !== "prompts") {
        throw new AppError(
          "BAD_REQUEST",
          "This batch generated conversations, not answers to prompts.",
        );
      }
      const config = batch.config as { maxTokens?: number; system?: string };
      const page = await listPromptResults(ctx.db, {
        workspaceId: ctx.workspace.id,
        batchId: batch.id,
        ...(input.status ? { statuses: [input.status] } : {}),
        page: input.page,
        pageSize: input.pageSize,
      });
      return {
        ...page,
        page: input.page,
        pageSize: input.pageSize,
        maxTokens: config.maxTokens ?? null,
        system: config.system ?? null,
      };
    }),
});

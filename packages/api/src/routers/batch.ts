// Batches: preview (plan + estimate), create, list, live progress, and the controls.
import { type Database, findBatch, listBatches, listBatchItems } from "@parley/db";
import { AppError } from "@parley/generation";
import {
  batchPlanFileSchema,
  batchPlanInputSchema,
  batchSettingsSchema,
  budgetUsdSchema,
  cancelBatch,
  concurrencySchema,
  createBatch,
  createBatchFromPlan,
  PlanRowsError,
  pauseBatch,
  planBatchFile,
  previewBatch,
  previewPlanFile,
  progressView,
  resumeBatch,
  retryFailedItems,
  updateBatchSettings,
} from "@parley/queue";
import { tracked } from "@trpc/server";
import { z } from "zod";
import { watchLiveAccess } from "../live-access.ts";
import { readProgressSince } from "../shared-progress-reads.ts";
import { adminProcedure, router, workspaceProcedure } from "../trpc.ts";

const batchId = z.object({ batchId: z.uuid() });
const createInput = z.intersection(batchPlanInputSchema, batchSettingsSchema);

const batchTemplate = z.object({ id: z.string(), name: z.string(), version: z.number() });
const tierTemplates = z.object({
  template: batchTemplate.optional(),
  scenario: batchTemplate.optional(),
  edge_case: batchTemplate.optional(),
});

/** What a batch was launched with, as its page shows it; stored configs from older versions lack some fields. */
const batchSettingsView = z.object({
  /** The prompt template each tier was shaped with; a tier without one used the built-in brief. */
  templates: tierTemplates,
  tierCounts: z.object({ template: z.number(), scenario: z.number(), edge_case: z.number() }),
  /** The ceiling on items in flight; null: automatic. */
  concurrency: z.number().nullable(),
  errorStrategy: z.string(),
  priority: z.enum(["high", "normal", "low"]),
  mode: z.enum(["realtime", "message_batches"]),
  budgetCapUsd: z.number().nullable(),
  model: z.string().nullable(),
  /** Launched with a model that had no known price: its costs read $0 but mean "unknown". */
  costUnknown: z.boolean(),
  turnCount: z.number().nullable(),
  qualityThreshold: z.number(),
  llmJudge: z.boolean(),
  parameters: z.record(z.string(), z.string()),
  seed: z.number().nullable(),
  coverageWarnings: z.array(z.string()),
});
const storedConfig = z.object({
  tierCounts: z
    .object({ template: z.number(), scenario: z.number(), edge_case: z.number() })
    .optional(),
  model: z.string().optional(),
  costUnknown: z.boolean().optional(),
  turnCount: z.number().optional(),
  qualityThreshold: z.number().optional(),
  llmJudge: z.boolean().optional(),
  parameters: z.record(z.string(), z.string()).optional(),
  templates: tierTemplates.optional(),
  seed: z.number().optional(),
  coverageWarnings: z.array(z.string()).optional(),
});

/** The batch's progress as of `since` (a change's `receivedAt`, or now), shared with every caller. */
async function requireProgress(
  ctx: { db: Database; workspace: { id: string } },
  id: string,
  since = performance.now(),
) {
  const ref = { workspaceId: ctx.workspace.id, batchId: id };
  const progress = await readProgressSince(ctx.db, ref, since);
  if (!progress) throw AppError.notFound("Batch", id);
  return progressView(progress);
}

export const batchRouter = router({
  preview: workspaceProcedure.input(createInput).query(async ({ ctx, input }) => {
    const preview = await previewBatch(ctx.db, {
      workspaceId: ctx.workspace.id,
      input,
      simulated: ctx.simulated,
      ...(ctx.simulator ? { simulator: ctx.simulator } : {}),
    });
    return {
      seed: preview.seed,
      report: preview.plan.report,
      tierCounts: preview.plan.tierCounts,
      estimate: preview.estimate,
      model: preview.model,
    };
  }),

  /** The plan these settings make, row by row, as a plan file; nothing is stored. */
  plan: workspaceProcedure.input(createInput).query(async ({ ctx, input }) => {
    const { file } = await planBatchFile(ctx.db, {
      workspaceId: ctx.workspace.id,
      input,
      simulated: ctx.simulated,
      ...(ctx.simulator ? { simulator: ctx.simulator } : {}),
    });
    return file;
  }),

  /**
   * A plan file's rows checked against the workspace's scaffolding and, when every row is good,
   * priced like `preview`. Bad rows come back as `problems` (row, field, why) for the page to
   * mark, not as an error. A mutation only because a plan of thousands of rows is too long for
   * a GET's URL; it stores nothing.
   */
  previewPlan: workspaceProcedure.input(batchPlanFileSchema).mutation(async ({ ctx, input }) => {
    try {
      const preview = await previewPlanFile(ctx.db, {
        workspaceId: ctx.workspace.id,
        file: input,
        simulated: ctx.simulated,
        ...(ctx.simulator ? { simulator: ctx.simulator } : {}),
      });
      return {
        problems: [],
        rows: preview.rows,
        preview: {
          seed: preview.seed,
          report: preview.plan.report,
          tierCounts: preview.plan.tierCounts,
          estimate: preview.estimate,
          model: preview.model,
        },
      };
    } catch (error) {
      if (error instanceof PlanRowsError) {
        return { problems: error.problems, rows: null, preview: null };
      }
      throw error;
    }
  }),

  /** Launches exactly the plan's rows (item i is row i); one bad row refuses the whole plan. */
  createFromPlan: adminProcedure.input(batchPlanFileSchema).mutation(async ({ ctx, input }) => {
    const batch = await createBatchFromPlan(ctx.db, ctx.queue, {
      workspaceId: ctx.workspace.id,
      file: input,
      simulated: ctx.simulated,
      ...(ctx.simulator ? { simulator: ctx.simulator } : {}),
      createdBy: ctx.user?.id ?? null,
    });
    return { id: batch.id, name: batch.name, totalItems: batch.totalItems };
  }),

  create: adminProcedure.input(createInput).mutation(async ({ ctx, input }) => {
    const batch = await createBatch(ctx.db, ctx.queue, {
      workspaceId: ctx.workspace.id,
      input,
      simulated: ctx.simulated,
      ...(ctx.simulator ? { simulator: ctx.simulator } : {}),
      createdBy: ctx.user?.id ?? null,
    });
    return { id: batch.id, name: batch.name, totalItems: batch.totalItems };
  }),

  list: workspaceProcedure
    .input(z.object({ limit: z.number().int().min(1).max(100).default(25) }).optional())
    .query(async ({ ctx, input }) => {
      const page = await listBatches(ctx.db, {
        workspaceId: ctx.workspace.id,
        limit: input?.limit ?? 25,
      });
      return page.batches.map((batch) => ({
        id: batch.id,
        name: batch.name,
        status: batch.status,
        total: batch.totalItems,
        succeeded: batch.succeededItems,
        failed: batch.failedItems,
        providerMode: batch.providerMode,
        simulated: batch.simulated,
        actualCostUsd: batch.actualCostUsd,
        estimatedCostUsd: batch.estimatedCostUsd,
        createdAt: batch.createdAt,
      }));
    }),

  progress: workspaceProcedure
    .input(batchId)
    .query(({ ctx, input }) => requireProgress(ctx, input.batchId)),

  /**
   * Pushes the batch's progress on every change (Postgres NOTIFY), not on a timer. Ends with
   * FORBIDDEN (UNAUTHORIZED) within a few seconds of the caller's removal from the workspace
   * (the end of their session): the membership checked when it opened is not kept for good.
   */
  onProgress: workspaceProcedure.input(batchId).subscription(async function* ({
    ctx,
    input,
    signal,
  }) {
    const access = watchLiveAccess(ctx, signal ?? new AbortController().signal);
    // Listening before the first read: a change committed in between still arrives.
    const changes = await ctx.progress.subscribe(input.batchId, access.signal);
    try {
      let view = await requireProgress(ctx, input.batchId);
      yield tracked(String(view.updatedAt.getTime()), view);
      if (view.done) return;
      for await (const change of changes) {
        // Every stream woken by this change shares one read sent after it arrived.
        view = await requireProgress(ctx, input.batchId, change.receivedAt);
        yield tracked(String(view.updatedAt.getTime()), view);
        if (view.done) return;
      }
    } finally {
      changes.close();
      access.stop();
    }
    access.throwIfLost();
  }),

  settings: workspaceProcedure
    .input(batchId)
    .output(batchSettingsView)
    .query(async ({ ctx, input }) => {
      const batch = await findBatch(ctx.db, {
        workspaceId: ctx.workspace.id,
        batchId: input.batchId,
      });
      if (!batch) throw AppError.notFound("Batch", input.batchId);
      const config = storedConfig.catch({}).parse(batch.config);
      return {
        templates: config.templates ?? {},
        tierCounts: config.tierCounts ?? { template: 0, scenario: 0, edge_case: 0 },
        concurrency: batch.concurrency,
        errorStrategy: batch.errorStrategy,
        priority: batch.priority,
        mode: batch.providerMode,
        budgetCapUsd: batch.budgetCapUsd,
        model: config.model ?? null,
        costUnknown: config.costUnknown === true,
        turnCount: config.turnCount ?? null,
        qualityThreshold: config.qualityThreshold ?? 7,
        llmJudge: config.llmJudge ?? false,
        parameters: config.parameters ?? {},
        seed: config.seed ?? null,
        coverageWarnings: config.coverageWarnings ?? [],
      };
    }),

  items: workspaceProcedure
    .input(
      batchId.extend({
        afterPosition: z.number().int().min(-1).optional(),
        limit: z.number().int().min(1).max(500).default(100),
      }),
    )
    .query(async ({ ctx, input }) => {
      const batch = await findBatch(ctx.db, {
        workspaceId: ctx.workspace.id,
        batchId: input.batchId,
      });
      if (!batch) throw AppError.notFound("Batch", input.batchId);
      const items = await listBatchItems(ctx.db, {
        workspaceId: ctx.workspace.id,
        batchId: input.batchId,
        limit: input.limit,
        ...(input.afterPosition === undefined ? {} : { afterPosition: input.afterPosition }),
      });
      return items.map((item) => ({
        id: item.id,
        position: item.position,
        tier: item.tier,
        status: item.status,
        attempts: item.attempts,
        error: item.lastError,
        conversationId: item.conversationId,
      }));
    }),

  pause: adminProcedure.input(batchId).mutation(async ({ ctx, input }) => {
    const batch = await pauseBatch(ctx.db, ctx.queue, { workspaceId: ctx.workspace.id, ...input });
    return { status: batch.status };
  }),
  resume: adminProcedure.input(batchId).mutation(async ({ ctx, input }) => {
    const batch = await resumeBatch(ctx.db, ctx.queue, { workspaceId: ctx.workspace.id, ...input });
    return { status: batch.status };
  }),
  cancel: adminProcedure.input(batchId).mutation(async ({ ctx, input }) => {
    const batch = await cancelBatch(ctx.db, ctx.queue, { workspaceId: ctx.workspace.id, ...input });
    return { status: batch.status };
  }),
  /** Concurrency (a ceiling or "auto") and budget cap of a batch that has not finished. */
  update: adminProcedure
    .input(
      batchId.extend({
        concurrency: concurrencySchema.optional(),
        budgetUsd: budgetUsdSchema.optional(),
      }),
    )
    .mutation(async ({ ctx, input: { batchId, ...change } }) => {
      const batch = await updateBatchSettings(
        ctx.db,
        { workspaceId: ctx.workspace.id, batchId },
        change,
      );
      return {
        concurrency: batch.concurrency,
        budgetCapUsd: batch.budgetCapUsd,
        status: batch.status,
      };
    }),
  retryFailed: adminProcedure
    .input(batchId.extend({ asNewBatch: z.boolean().default(false) }))
    .mutation(async ({ ctx, input }) => {
      const batch = await retryFailedItems(ctx.db, ctx.queue, {
        workspaceId: ctx.workspace.id,
        batchId: input.batchId,
        asNewBatch: input.asNewBatch,
        createdBy: ctx.user?.id ?? null,
      });
      return { id: batch.id, status: batch.status };
    }),
});

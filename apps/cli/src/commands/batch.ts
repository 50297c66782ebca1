// `parley batch …`: create a batch, read its status, control it, or watch it run.
import { findBatch, getBatchProgress, listPromptTemplates } from "@parley/db";
import { AppError, findCatalogueModel, type Tier } from "@parley/generation";
import {
  cancelBatch,
  createBatch,
  pauseBatch,
  previewBatch,
  progressView,
  requirePreset,
  resolveModelChoice,
  resumeBatch,
  retryFailedItems,
  updateBatchSettings,
} from "@parley/queue";
import { z } from "zod";
import type { CliOptions } from "../cli-options.ts";
import { type CliContext, openCliContext } from "../context.ts";
import { cliEnv } from "../env.ts";
import { renderProgressLine } from "../progress-line.ts";
import { parseBatchCreate, parseBatchUpdate, templateRefs } from "./batch-options.ts";
import { renderEstimateTable } from "./estimate-table.ts";

const log = (message: string) => process.stderr.write(`[parley] ${message}\n`);

function print(options: CliOptions, json: unknown, text: string): void {
  process.stdout.write(options.json ? `${JSON.stringify(json, null, 2)}\n` : `${text}\n`);
}

async function withContext<T>(run: (ctx: CliContext) => Promise<T>): Promise<T> {
  const ctx = await openCliContext(log);
  try {
    return await run(ctx);
  } finally {
    await ctx.close();
  }
}

/** Template keys → their active version's id in the workspace; ids pass through. */
async function resolveTemplateRefs(
  ctx: CliContext,
  refs: Partial<Record<Tier, string>>,
): Promise<Partial<Record<Tier, string>>> {
  const resolved: Partial<Record<Tier, string>> = {};
  for (const [tier, ref] of Object.entries(refs) as [Tier, string][]) {
    if (z.uuid().safeParse(ref).success) {
      resolved[tier] = ref;
      continue;
    }
    const active = await listPromptTemplates(ctx.db, { workspaceId: ctx.workspaceId, tier });
    const template = active.find((candidate) => candidate.key === ref);
    if (!template) {
      throw new AppError(
        "BAD_REQUEST",
        `--template: no active ${tier} template has the key "${ref}"; the keys are ${active.map((candidate) => candidate.key).join(", ") || "(none)"}`,
      );
    }
    resolved[tier] = template.id;
  }
  return resolved;
}

async function status(ctx: CliContext, batchId: string) {
  const progress = await getBatchProgress(ctx.db, { workspaceId: ctx.workspaceId, batchId });
  if (!progress) throw AppError.notFound("Batch", batchId);
  return progressView(progress);
}

/** What previewing or creating a batch needs from this process's environment. */
function launchOptions(ctx: CliContext) {
  const { provider, installPrices } = cliEnv();
  return {
    workspaceId: ctx.workspaceId,
    ...provider,
    installPrices,
    confirmHint: "add --accept-unknown-cost",
  };
}

/** The flags over `--preset NAME`'s saved settings, if one is named. */
async function batchInput(
  ctx: CliContext,
  options: CliOptions,
  refs: Partial<Record<Tier, string>>,
) {
  const templates = await resolveTemplateRefs(ctx, refs);
  if (typeof options.preset !== "string") return parseBatchCreate(options, templates);
  const preset = await requirePreset(ctx.db, {
    workspaceId: ctx.workspaceId,
    name: options.preset,
  });
  return parseBatchCreate(options, templates, preset.settings ?? {});
}

/** `batch estimate` (and `batch create --dry-run`): the same flags, nothing stored. */
async function estimate(ctx: CliContext, options: CliOptions, refs: Partial<Record<Tier, string>>) {
  const input = await batchInput(ctx, options, refs);
  const launch = launchOptions(ctx);
  const preview = await previewBatch(ctx.db, { ...launch, input });
  const { catalogue } = await resolveModelChoice(ctx.db, {
    ...launch,
    model: preview.model.model,
    acceptUnknownCost: true,
  });
  const entry = findCatalogueModel(catalogue, preview.model.model);
  const source =
    entry?.priceSource === "published"
      ? `Anthropic's published prices, checked ${catalogue.prices.checkedOn}`
      : entry?.priceSource === "install"
        ? "this install's PARLEY_MODEL_PRICES"
        : "this workspace's model prices";
  print(
    options,
    {
      model: preview.model,
      priceSource: entry?.priceSource ?? null,
      pricesCheckedOn: catalogue.prices.checkedOn,
      tierCounts: preview.plan.tierCounts,
      estimate: preview.estimate,
    },
    renderEstimateTable(preview.estimate, preview.model, source),
  );
  return 0;
}

export async function runBatchCommand(args: string[], options: CliOptions): Promise<number> {
  const [action, id] = args;
  if (action === "estimate" || (action === "create" && options["dry-run"] === true)) {
    const refs = templateRefs(options.template);
    return withContext((ctx) => estimate(ctx, options, refs));
  }
  if (action === "create") {
    const refs = templateRefs(options.template);
    return withContext(async (ctx) => {
      const input = await batchInput(ctx, options, refs);
      const launch = launchOptions(ctx);
      const { choice } = await resolveModelChoice(ctx.db, {
        ...launch,
        model: input.model,
        acceptUnknownCost: input.acceptUnknownCost,
      });
      for (const warning of choice.warnings) log(`warning: ${warning}`);
      if (choice.costUnknown)
        log(`warning: the cost of ${choice.model} is unknown; no budget cap can stop it`);
      const batch = await createBatch(ctx.db, ctx.queue, { ...launch, input });
      if (!ctx.sharedDatabase) {
        log("no `npm start` (or worker) is running on this database: the batch will wait for one");
      }
      print(
        options,
        {
          id: batch.id,
          name: batch.name,
          status: batch.status,
          totalItems: batch.totalItems,
          model: choice.model,
          costUnknown: choice.costUnknown,
          warnings: choice.warnings,
        },
        `Created batch ${batch.id} (${batch.totalItems} conversations). Watch it: npm run parley -- batch watch ${batch.id}`,
      );
      return 0;
    });
  }
  if (!id)
    throw new AppError(
      "BAD_REQUEST",
      `Usage: npm run parley -- batch ${action ?? "<action>"} <batchId>`,
    );
  const ref = (ctx: CliContext) => ({ workspaceId: ctx.workspaceId, batchId: id });
  switch (action) {
    case "status":
      return withContext(async (ctx) => {
        const view = await status(ctx, id);
        print(options, view, renderProgressLine(view));
        return 0;
      });
    case "watch":
      return withContext(async (ctx) => watch(ctx, id));
    case "update": {
      const change = parseBatchUpdate(options);
      return withContext(async (ctx) => {
        const batch = await updateBatchSettings(ctx.db, ref(ctx), change);
        const concurrency = batch.concurrency ?? "auto";
        const budget = batch.budgetCapUsd === null ? "none" : `$${batch.budgetCapUsd.toFixed(2)}`;
        print(
          options,
          { id: batch.id, status: batch.status, concurrency, budgetCapUsd: batch.budgetCapUsd },
          `Batch ${batch.id} (${batch.status}): concurrency ${concurrency}, budget cap ${budget}.`,
        );
        return 0;
      });
    }
    case "pause":
    case "resume":
    case "cancel":
    case "retry-failed":
      return withContext(async (ctx) => {
        const batch =
          action === "pause"
            ? await pauseBatch(ctx.db, ctx.queue, ref(ctx))
            : action === "resume"
              ? await resumeBatch(ctx.db, ctx.queue, ref(ctx))
              : action === "cancel"
                ? await cancelBatch(ctx.db, ctx.queue, ref(ctx))
                : await retryFailedItems(ctx.db, ctx.queue, {
                    ...ref(ctx),
                    asNewBatch: options["new-batch"] === true,
                  });
        print(
          options,
          { id: batch.id, status: batch.status },
          `Batch ${batch.id} is now ${batch.status}.`,
        );
        return 0;
      });
    default:
      throw new AppError("BAD_REQUEST", `Unknown batch action "${action}". Try --help.`);
  }
}

async function watch(ctx: CliContext, batchId: string): Promise<number> {
  if (!(await findBatch(ctx.db, ref(ctx, batchId)))) throw AppError.notFound("Batch", batchId);
  const interactive = process.stdout.isTTY;
  for (;;) {
    const view = await status(ctx, batchId);
    const line = renderProgressLine(view);
    process.stdout.write(interactive ? `\r\x1b[2K${line}` : `${line}\n`);
    if (view.done) {
      if (interactive) process.stdout.write("\n");
      return view.status === "completed" ? 0 : 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function ref(ctx: CliContext, batchId: string) {
  return { workspaceId: ctx.workspaceId, batchId };
}

// `parley batch …`: create a batch, read its status, control it, or watch it run.
import { findBatch, getBatchProgress, listPromptTemplates } from "@parley/db";
import { AppError, describePlanProblems, findCatalogueModel, type Tier } from "@parley/generation";
import {
  cancelBatch,
  createBatch,
  createBatchFromPlan,
  PlanRowsError,
  pauseBatch,
  planBatchFile,
  previewBatch,
  previewPlanFile,
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
import {
  batchSettingsFlags,
  parseBatchCreate,
  parseBatchUpdate,
  refusePlanningFlags,
  templateRefs,
} from "./batch-options.ts";
import { renderEstimateTable } from "./estimate-table.ts";
import { readPlanFile, writePlanFile } from "./plan-file-io.ts";
import {
  createPromptBatchFromFlags,
  readPromptBatchFlags,
  writePromptResults,
} from "./prompt-batch.ts";

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
  const launch = launchOptions(ctx);
  const path = typeof options.plan === "string" ? options.plan : undefined;
  const preview = path
    ? await listingBadRows(path, async () =>
        previewPlanFile(ctx.db, { ...launch, file: await planFileWithFlags(ctx, options, path) }),
      )
    : await previewBatch(ctx.db, {
        ...launch,
        input: await batchInput(ctx, options, refs),
      });
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

/** `batch plan`: the planner's rows for these flags, to a file (--out) or stdout; nothing stored. */
async function plan(ctx: CliContext, options: CliOptions, refs: Partial<Record<Tier, string>>) {
  const input = await batchInput(ctx, options, refs);
  const { file, preview } = await planBatchFile(ctx.db, { ...launchOptions(ctx), input });
  const counts = Object.entries(preview.plan.tierCounts)
    .filter(([, count]) => count > 0)
    .map(([tier, count]) => `${tier} ${count}`)
    .join(", ");
  const out = typeof options.out === "string" ? options.out : undefined;
  if (!out) {
    process.stdout.write(`${JSON.stringify(file, null, 2)}\n`);
    return 0;
  }
  await writePlanFile(out, file);
  print(
    options,
    { out, rows: file.rows.length, tierCounts: preview.plan.tierCounts },
    `Wrote ${file.rows.length} rows (${counts}) to ${out}. Edit it, then launch exactly it: npm run parley -- batch create --plan ${out}`,
  );
  return 0;
}

/** A plan file with the settings flags given laid over its own settings. */
async function planFileWithFlags(ctx: CliContext, options: CliOptions, path: string) {
  const file = await readPlanFile(path);
  const overrides = batchSettingsFlags(
    options,
    await resolveTemplateRefs(ctx, templateRefs(options.template)),
  );
  return { ...file, settings: { ...file.settings, ...overrides } };
}

/** Every bad row, one a line: the file is corrected in one pass, not one error at a time. */
async function listingBadRows<T>(path: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof PlanRowsError) {
      throw new AppError(
        "BAD_REQUEST",
        `${path}: ${describePlanProblems(error.problems, { limit: 200, separator: "\n" })}`,
      );
    }
    throw error;
  }
}

/** `batch create --plan FILE`: exactly the file's rows; flags given override its settings. */
async function createFromPlanFile(ctx: CliContext, options: CliOptions, path: string) {
  const file = await planFileWithFlags(ctx, options, path);
  const batch = await listingBadRows(path, () =>
    createBatchFromPlan(ctx.db, ctx.queue, { ...launchOptions(ctx), file }),
  );
  if (!ctx.sharedDatabase) {
    log("no `npm start` (or worker) is running on this database: the batch will wait for one");
  }
  print(
    options,
    { id: batch.id, name: batch.name, status: batch.status, totalItems: batch.totalItems },
    `Created batch ${batch.id} from ${path} (${batch.totalItems} conversations, one per row). Watch it: npm run parley -- batch watch ${batch.id}`,
  );
  return 0;
}

export async function runBatchCommand(args: string[], options: CliOptions): Promise<number> {
  const [action, id] = args;
  if (action === "plan") {
    const refs = templateRefs(options.template);
    return withContext((ctx) => plan(ctx, options, refs));
  }
  if (typeof options.plan === "string") refusePlanningFlags(options);
  if (action === "create" && typeof options.plan === "string") {
    const path = options.plan;
    return withContext((ctx) => createFromPlanFile(ctx, options, path));
  }
  if (action === "create" && options.prompts !== undefined) {
    const input = await readPromptBatchFlags(options);
    return withContext(async (ctx) => {
      const dryRun = options["dry-run"] === true;
      const output = await createPromptBatchFromFlags(ctx, launchOptions(ctx), input, dryRun);
      print(options, output.json, output.text);
      return 0;
    });
  }
  if (action === "results" && id) {
    return withContext(async (ctx) => {
      const done = await writePromptResults(ctx, id, options);
      if (done) log(done);
      return 0;
    });
  }
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

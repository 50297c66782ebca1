// `parley batch …`: create a batch, read its status, control it, or watch it run.
import { findBatch, getBatchProgress, listPromptTemplates } from "@parley/db";
import { AppError, type Tier } from "@parley/generation";
import {
  cancelBatch,
  createBatch,
  pauseBatch,
  progressView,
  resumeBatch,
  retryFailedItems,
  updateBatchSettings,
} from "@parley/queue";
import { simulatorOptionsFromEnv } from "@parley/simulator";
import { z } from "zod";
import { type CliContext, openCliContext } from "../context.ts";
import type { CliOptions } from "../main.ts";
import { renderProgressLine } from "../progress-line.ts";
import { parseBatchCreate, parseBatchUpdate, templateRefs } from "./batch-options.ts";

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

export async function runBatchCommand(args: string[], options: CliOptions): Promise<number> {
  const [action, id] = args;
  if (action === "create") {
    const refs = templateRefs(options.template);
    return withContext(async (ctx) => {
      const input = parseBatchCreate(options, await resolveTemplateRefs(ctx, refs));
      const batch = await createBatch(ctx.db, ctx.queue, {
        workspaceId: ctx.workspaceId,
        input,
        simulated: !process.env.ANTHROPIC_API_KEY,
        ...(process.env.ANTHROPIC_API_KEY
          ? {}
          : { simulator: simulatorOptionsFromEnv(process.env) }),
      });
      if (!ctx.sharedDatabase) {
        log("no `npm start` (or worker) is running on this database: the batch will wait for one");
      }
      print(
        options,
        { id: batch.id, name: batch.name, status: batch.status, totalItems: batch.total_items },
        `Created batch ${batch.id} (${batch.total_items} conversations). Watch it: npm run parley -- batch watch ${batch.id}`,
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
        const budget =
          batch.budget_cap_usd === null ? "none" : `$${batch.budget_cap_usd.toFixed(2)}`;
        print(
          options,
          { id: batch.id, status: batch.status, concurrency, budgetCapUsd: batch.budget_cap_usd },
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

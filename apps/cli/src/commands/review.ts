// `parley review …`: draw a batch's manual review sample, read its result, record a verdict.
import {
  createReviewSample,
  findBatch,
  findLatestReviewSample,
  isRepositoryError,
  recordSampleVerdict,
} from "@parley/db";
import { AppError, SAMPLE_VERDICT_LABELS } from "@parley/generation";
import { z } from "zod";
import type { CliOptions } from "../cli-options.ts";
import { type CliContext, openCliContext } from "../context.ts";
import { parseReviewSample, parseReviewVerdict } from "./review-options.ts";
import { renderReviewSample } from "./review-sample-text.ts";

const log = (message: string) => process.stderr.write(`[parley] ${message}\n`);

function print(options: CliOptions, json: unknown, text: string): void {
  process.stdout.write(options.json ? `${JSON.stringify(json, null, 2)}\n` : `${text}\n`);
}

async function withContext<T>(run: (ctx: CliContext) => Promise<T>): Promise<T> {
  const ctx = await openCliContext(log);
  try {
    return await run(ctx);
  } catch (error) {
    // The repositories' refusals are the operator's to fix: say them without a stack trace.
    if (isRepositoryError(error)) throw new AppError("BAD_REQUEST", error.message);
    throw error;
  } finally {
    await ctx.close();
  }
}

const USAGE =
  "Usage: npm run parley -- review sample|sample-status <batchId> … or review verdict <batchId> <conversationId> --verdict …";

export async function runReviewCommand(args: string[], options: CliOptions): Promise<number> {
  const [action, batchArg, conversationArg] = args;
  if (!batchArg) throw new AppError("BAD_REQUEST", USAGE);
  const batchId = z.uuid(`"${batchArg}" is not a batch id (a UUID)`).parse(batchArg);
  const conversationId =
    conversationArg === undefined
      ? undefined
      : z.uuid(`"${conversationArg}" is not a conversation id (a UUID)`).parse(conversationArg);
  switch (action) {
    case "sample": {
      const { request, seed } = parseReviewSample(options);
      return withContext(async (ctx) => {
        const sample = await createReviewSample(ctx.db, {
          workspaceId: ctx.workspaceId,
          batchId,
          request,
          ...(seed ? { seed } : {}),
        });
        print(
          options,
          sample,
          `${renderReviewSample(sample)}\n\nRecord a verdict: npm run parley -- review verdict ${batchId} <conversationId> --verdict approved|approved-with-notes|reject [--fail ITEM,...] [--notes TEXT]`,
        );
        return 0;
      });
    }
    case "sample-status":
      return withContext(async (ctx) => {
        const ref = { workspaceId: ctx.workspaceId, batchId };
        if (!(await findBatch(ctx.db, ref))) throw AppError.notFound("Batch", batchId);
        const sample = await findLatestReviewSample(ctx.db, ref);
        if (!sample) {
          throw new AppError(
            "BAD_REQUEST",
            `Batch ${batchId} has no review sample yet: npm run parley -- review sample ${batchId}`,
          );
        }
        print(options, sample, renderReviewSample(sample));
        return 0;
      });
    case "verdict": {
      if (!conversationId) throw new AppError("BAD_REQUEST", USAGE);
      const parsed = parseReviewVerdict(options);
      return withContext(async (ctx) => {
        const item = await recordSampleVerdict(ctx.db, {
          workspaceId: ctx.workspaceId,
          batchId,
          conversationId,
          ...parsed,
        });
        print(
          options,
          item,
          `${item.title}: ${SAMPLE_VERDICT_LABELS[parsed.verdict]}; the conversation is now ${item.conversationStatus}.`,
        );
        return 0;
      });
    }
    default:
      throw new AppError("BAD_REQUEST", `Unknown review action "${action}". ${USAGE}`);
  }
}

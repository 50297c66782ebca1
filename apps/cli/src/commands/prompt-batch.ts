// `parley batch create --prompts FILE` and `parley batch results ID`: a batch of the user's own
// prompts from a JSONL, CSV or text file, and its results as CSV or detailed JSON.
import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { AppError } from "@parley/generation";
import {
  createPromptBatch,
  exportPromptResults,
  PROMPT_RESULTS_FORMATS,
  type PromptBatchInput,
  type PromptResultsFormat,
  previewPromptBatch,
  promptBatchInputSchema,
  promptFileFormatOf,
} from "@parley/queue";
import type { CliOptions } from "../cli-options.ts";
import type { CliContext } from "../context.ts";
import { concurrencyFlag, numberFlag } from "./batch-options.ts";

export interface CommandOutput {
  json: unknown;
  text: string;
}

async function readTextFile(path: string, flag: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (cause) {
    const code = (cause as { code?: string }).code;
    throw new AppError(
      "BAD_REQUEST",
      code === "ENOENT"
        ? `${flag}: no file at ${path}`
        : `${flag}: ${path} cannot be read (${code ?? String(cause)})`,
    );
  }
}

/** The flags of `batch create --prompts FILE …`, files read, as the API's input. */
export async function readPromptBatchFlags(flags: CliOptions): Promise<PromptBatchInput> {
  const path = String(flags.prompts);
  const format = promptFileFormatOf(path);
  if (!format) {
    throw new AppError(
      "BAD_REQUEST",
      `--prompts: ${path} is not a prompts file; name it .jsonl (one {"prompt": …} a line), .csv (a prompt column) or .txt (one prompt a line)`,
    );
  }
  for (const conversationFlag of ["count", "tiers", "tier-split", "turns", "judge", "template"]) {
    if (flags[conversationFlag] !== undefined) {
      throw new AppError(
        "BAD_REQUEST",
        `--${conversationFlag} plans conversations; a --prompts batch answers the file's prompts instead`,
      );
    }
  }
  if (typeof flags.system === "string" && typeof flags["system-file"] === "string") {
    throw new AppError(
      "BAD_REQUEST",
      "Give the system prompt with --system or --system-file, not both",
    );
  }
  const system =
    typeof flags["system-file"] === "string"
      ? await readTextFile(flags["system-file"], "--system-file")
      : typeof flags.system === "string"
        ? flags.system
        : undefined;
  const mode = flags.mode === "message-batches" ? "message_batches" : flags.mode;
  return promptBatchInputSchema.parse({
    source: { format, content: await readTextFile(path, "--prompts") },
    ...(system === undefined ? {} : { system }),
    maxTokens: numberFlag(flags, "max-tokens"),
    concurrency: concurrencyFlag(flags),
    errorStrategy: flags["error-strategy"],
    priority: flags.priority,
    mode,
    budgetUsd: numberFlag(flags, "budget"),
    name: flags.name,
    model: flags.model,
    acceptUnknownCost: flags["accept-unknown-cost"] === true,
  });
}

type LaunchOptions = Omit<Parameters<typeof createPromptBatch>[2], "input">;

export async function createPromptBatchFromFlags(
  ctx: CliContext,
  launch: LaunchOptions,
  input: PromptBatchInput,
  dryRun: boolean,
): Promise<CommandOutput> {
  if (dryRun) {
    const preview = await previewPromptBatch(ctx.db, { ...launch, input });
    const { estimate, file } = preview;
    const problems = file.problems.map((problem) => `line ${problem.line}: ${problem.message}`);
    const cost = estimate.costKnown ? `$${estimate.costUsd.toFixed(4)}` : "unknown";
    return {
      json: { count: file.prompts.length, problems: file.problems, estimate, model: preview.model },
      text: [
        `${file.prompts.length} prompts for ${preview.model.model}: about ${estimate.inputTokens} input and ${estimate.outputTokens} output tokens, ${cost} (at most ${estimate.costKnown ? `$${estimate.upperBoundCostUsd.toFixed(4)}` : "unknown"}), ${Math.ceil(estimate.time.seconds)} s`,
        ...estimate.warnings.map((warning) => `warning: ${warning}`),
        ...(problems.length > 0 ? ["Lines to fix before launching:", ...problems] : []),
      ].join("\n"),
    };
  }
  const batch = await createPromptBatch(ctx.db, ctx.queue, { ...launch, input });
  return {
    json: {
      id: batch.id,
      name: batch.name,
      kind: batch.kind,
      status: batch.status,
      totalItems: batch.totalItems,
    },
    text: `Created batch ${batch.id} (${batch.totalItems} prompts). Watch it: npm run parley -- batch watch ${batch.id}; then: npm run parley -- batch results ${batch.id} --format csv --out results.csv`,
  };
}

/** Streams the results to --out, or to stdout; returns what to tell the user (on stderr). */
export async function writePromptResults(
  ctx: CliContext,
  batchId: string,
  flags: CliOptions,
): Promise<string | null> {
  const format = (flags.format ?? "json") as PromptResultsFormat;
  if (!PROMPT_RESULTS_FORMATS.includes(format)) {
    throw new AppError("BAD_REQUEST", `--format: use json or csv for results (got "${format}")`);
  }
  const download = await exportPromptResults(ctx.db, {
    workspaceId: ctx.workspaceId,
    batchId,
    format,
  });
  if (typeof flags.out === "string") {
    await pipeline(download.chunks, createWriteStream(flags.out));
    return `Wrote the results of ${download.batch.totalItems} prompts to ${flags.out}`;
  }
  for await (const chunk of download.chunks) process.stdout.write(chunk);
  return null;
}

// `parley export [batchId]`: writes the selected conversations as one training-format file, or as
// a dataset package (split, card, quality report), and optionally pushes it to the HuggingFace Hub.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type Database,
  findBatch,
  findEmotionalArcByKey,
  findPersonaByKey,
  findTrainingTopicByKey,
} from "@parley/db";
import { describeExportSelection, redactSecret } from "@parley/export";
import { AppError } from "@parley/generation";
import { type ExportFilters, produceExport } from "@parley/queue";
import type { CliOptions } from "../cli-options.ts";
import { openCliContext } from "../context.ts";
import { cliEnv } from "../env.ts";
import { renderExportProgressLine } from "../progress-line.ts";
import { parseExportCommand } from "./export-options.ts";

const log = (message: string) => process.stderr.write(`[parley] ${message}\n`);

async function resolveKeys(
  db: Database,
  workspaceId: string,
  kind: "persona" | "arc" | "topic",
  keys: string[],
): Promise<string[]> {
  const find = {
    persona: findPersonaByKey,
    arc: findEmotionalArcByKey,
    topic: findTrainingTopicByKey,
  }[kind];
  return Promise.all(
    keys.map(async (key) => {
      const found = await find(db, { workspaceId, key });
      if (!found) throw new AppError("BAD_REQUEST", `--${kind}: no ${kind} with key "${key}"`);
      return found.id;
    }),
  );
}

export async function runExportCommand(args: string[], flags: CliOptions): Promise<number> {
  const request = parseExportCommand(args, flags);
  const env = cliEnv();
  if (request.options.hub && !env.HF_TOKEN) {
    throw new AppError("BAD_REQUEST", "--push-to-hub needs a HuggingFace write token in HF_TOKEN");
  }
  const cwd = env.INIT_CWD ?? process.cwd();

  const ctx = await openCliContext(log);
  let tempDir: string | undefined;
  try {
    const { db, workspaceId } = ctx;
    const batchId = request.filters.batchId;
    if (batchId && !(await findBatch(db, { workspaceId, batchId }))) {
      throw AppError.notFound("Batch", batchId);
    }
    const [personaIds, arcIds, topicIds] = await Promise.all([
      resolveKeys(db, workspaceId, "persona", request.keys.personas),
      resolveKeys(db, workspaceId, "arc", request.keys.arcs),
      resolveKeys(db, workspaceId, "topic", request.keys.topics),
    ]);
    const filters: ExportFilters = {
      ...request.filters,
      ...(personaIds.length ? { personaIds } : {}),
      ...(arcIds.length ? { arcIds } : {}),
      ...(topicIds.length ? { topicIds } : {}),
    };
    let outPath: string;
    if (request.out) outPath = path.resolve(cwd, request.out);
    else {
      tempDir = await mkdtemp(path.join(tmpdir(), "parley-hub-"));
      outPath = path.join(tempDir, request.options.name ?? "dataset");
    }

    let lastDraw = 0;
    const started = Date.now();
    const produced = await produceExport(db, {
      workspaceId,
      format: request.format,
      filters,
      options: request.options,
      outPath,
      ...(env.HF_TOKEN ? { hubToken: env.HF_TOKEN } : {}),
      ...(env.HF_ENDPOINT ? { hubUrl: env.HF_ENDPOINT } : {}),
      onProgress: (progress) => {
        const now = Date.now();
        if (now - lastDraw < 100 && progress.done < progress.total) return;
        lastDraw = now;
        process.stderr.write(`\r${renderExportProgressLine(progress, now - started)}\x1b[K`);
      },
    });
    process.stderr.write("\n");
    const where = tempDir ? "" : ` to ${produced.path}`;
    log(
      `wrote ${produced.rows} of ${produced.total} conversations as ${request.format}` +
        (produced.kind === "file" ? "" : ` (${produced.kind} package)`) +
        `${where}: ${produced.bytes} bytes, sha256 ${produced.sha256}` +
        (produced.includesSimulated ? "; includes simulated conversations" : ""),
    );
    log(describeExportSelection(produced.selection, "cli"));
    if (produced.splits) {
      const { train, validation, test } = produced.splits;
      log(`splits: train ${train}, validation ${validation}, test ${test}`);
    }
    if (produced.hubUrl) log(`pushed to ${produced.hubUrl}`);
    return 0;
  } catch (error) {
    process.stderr.write("\n");
    // Hub errors are redacted where they are raised; this is the last line of defence.
    if (error instanceof Error && env.HF_TOKEN) {
      error.message = redactSecret(error.message, env.HF_TOKEN);
      if (error.stack) error.stack = redactSecret(error.stack, env.HF_TOKEN);
    }
    throw error;
  } finally {
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
    await ctx.close();
  }
}

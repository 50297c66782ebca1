// `parley export <batchId>`: streams a batch's live conversations into a training-format file.
import { createWriteStream } from "node:fs";
import path from "node:path";
import { type ConversationStatus, findBatch } from "@parley/db";
import { AppError, isExportFormatId } from "@parley/generation";
import { streamExport } from "@parley/queue";
import { openCliContext } from "../context.ts";
import type { CliOptions } from "../main.ts";

const log = (message: string) => process.stderr.write(`[parley] ${message}\n`);

export async function runExportCommand(args: string[], options: CliOptions): Promise<number> {
  const [batchId] = args;
  const format = String(options.format ?? "messages");
  if (!batchId)
    throw new AppError(
      "BAD_REQUEST",
      "Usage: npm run parley -- export <batchId> --format messages --out FILE",
    );
  if (!isExportFormatId(format)) throw new AppError("BAD_REQUEST", `Unknown format "${format}".`);
  if (typeof options.out !== "string") throw new AppError("BAD_REQUEST", "--out FILE is required.");
  const statuses =
    typeof options.status === "string"
      ? (options.status.split(",").map((s) => s.trim()) as ConversationStatus[])
      : undefined;
  const outPath = path.resolve(process.env.INIT_CWD ?? process.cwd(), options.out);

  const ctx = await openCliContext(log);
  try {
    const batch = await findBatch(ctx.db, { workspaceId: ctx.workspaceId, batchId });
    if (!batch) throw AppError.notFound("Batch", batchId);
    const result = await streamExport(ctx.db, createWriteStream(outPath), {
      workspaceId: ctx.workspaceId,
      format,
      filters: { batchId, ...(statuses ? { statuses } : {}) },
      onProgress: ({ rows }) => process.stderr.write(`\r[parley] ${rows} conversations written`),
    });
    process.stderr.write("\n");
    log(
      `wrote ${result.rows} conversations (${result.bytes} bytes, sha256 ${result.sha256}) to ${outPath}` +
        (result.skipped ? `; skipped ${result.skipped} that do not fit the format` : ""),
    );
    return 0;
  } finally {
    await ctx.close();
  }
}

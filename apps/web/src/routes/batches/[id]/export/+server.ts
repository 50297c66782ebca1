// Downloads a batch's live conversations in a training format, streamed from a database cursor
// as it is written (a 100 000-row export never sits in memory).
import { PassThrough, Readable } from "node:stream";
import { findBatch } from "@parley/db";
import { getExportFormat, isExportFormatId } from "@parley/export";
import { streamExport } from "@parley/queue";
import { error, type RequestHandler } from "@sveltejs/kit";
import { z } from "zod";
import { requireWorkspaceMember } from "#lib/server/workspace-member.ts";

export const GET: RequestHandler = async ({ locals, params, url, request }) => {
  const workspace = await requireWorkspaceMember(locals);
  const formatId = url.searchParams.get("format") ?? "messages";
  if (!isExportFormatId(formatId)) error(400, `Unknown export format "${formatId}".`);
  const batchId = params.id ?? "";
  const batch = z.uuid().safeParse(batchId).success
    ? await findBatch(locals.api.db, { workspaceId: workspace.id, batchId })
    : undefined;
  if (!batch) error(404, "This batch does not exist in your workspace.");

  const format = getExportFormat(formatId);
  const output = new PassThrough();
  const abort = new AbortController();
  request.signal.addEventListener("abort", () => abort.abort(), { once: true });
  streamExport(locals.api.db, output, {
    workspaceId: workspace.id,
    format: formatId,
    filters: { batchId: batch.id },
    signal: abort.signal,
  }).catch((cause: unknown) =>
    output.destroy(cause instanceof Error ? cause : new Error(String(cause))),
  );

  const slug =
    batch.name
      .replace(/[^a-z0-9]+/gi, "-")
      .replace(/^-|-$/g, "")
      .toLowerCase() || "batch";
  return new Response(Readable.toWeb(output) as ReadableStream, {
    headers: {
      "content-type": format.contentType,
      "content-disposition": `attachment; filename="${slug}${format.extension}"`,
      "cache-control": "no-store",
    },
  });
};

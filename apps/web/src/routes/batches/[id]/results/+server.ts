// Downloads a prompts batch's results: detailed JSON or CSV (?format=json|csv), streamed from the
// database a page at a time.
import { Readable } from "node:stream";
import { isAppError } from "@parley/generation";
import { exportPromptResults, PROMPT_RESULTS_FORMATS } from "@parley/queue";
import { error, type RequestHandler } from "@sveltejs/kit";
import { z } from "zod";
import { requireWorkspaceMember } from "#lib/server/workspace-member.ts";

const formatSchema = z.enum(PROMPT_RESULTS_FORMATS);

export const GET: RequestHandler = async ({ locals, params, url }) => {
  const workspace = await requireWorkspaceMember(locals);
  const format = formatSchema.safeParse(url.searchParams.get("format") ?? "csv");
  if (!format.success) error(400, 'Unknown results format: use "json" or "csv".');
  const batchId = z.uuid().safeParse(params.id ?? "");
  if (!batchId.success) error(404, "This batch does not exist in your workspace.");
  let download: Awaited<ReturnType<typeof exportPromptResults>>;
  try {
    download = await exportPromptResults(locals.api.db, {
      workspaceId: workspace.id,
      batchId: batchId.data,
      format: format.data,
    });
  } catch (caught) {
    if (isAppError(caught) && caught.code === "NOT_FOUND") {
      error(404, "This batch does not exist in your workspace.");
    }
    if (isAppError(caught)) error(400, caught.message);
    throw caught;
  }
  return new Response(Readable.toWeb(Readable.from(download.chunks)) as ReadableStream, {
    headers: {
      "content-type": download.contentType,
      "content-disposition": `attachment; filename="${download.fileName}"`,
      "cache-control": "no-store",
    },
  });
};

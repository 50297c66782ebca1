// Downloads a finished stored export of the caller's workspace, streamed from disk, with its
// SHA-256 in a header so a script can check what it received.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { findExport } from "@parley/db";
import { getExportFormat } from "@parley/export";
import { exportRequestOf, exportsRoot, resolveStoredExport } from "@parley/queue";
import { error, type RequestHandler } from "@sveltejs/kit";
import { z } from "zod";
import { serverEnv } from "#lib/server/env.ts";
import { requireWorkspaceMember } from "#lib/server/workspace-member.ts";

const ARCHIVE_TYPES: Record<string, string> = {
  ".zip": "application/zip",
  ".tar.gz": "application/gzip",
};

export const GET: RequestHandler = async ({ locals, params }) => {
  const workspace = await requireWorkspaceMember(locals);
  const exportId = params.id ?? "";
  const row = z.uuid().safeParse(exportId).success
    ? await findExport(locals.api.db, { workspaceId: workspace.id, exportId })
    : undefined;
  if (!row) error(404, "This export does not exist in your workspace.");
  if (row.status !== "completed")
    error(409, `This export is ${row.status}, not ready to download.`);

  const path = resolveStoredExport(
    exportsRoot(serverEnv().PARLEY_EXPORTS_DIR),
    workspace.id,
    row.location,
  );
  if (!path) error(404, "This export has no downloadable file.");
  const info = await stat(path).catch(() => null);
  // Only the CLI asks for folder packages; one that reached this workspace's exports (a row
  // from before the web app offered zip and tar.gz only) is not one file to send.
  if (info?.isDirectory())
    error(
      409,
      "This export is a folder package; start it again as a .zip or .tar.gz to download it.",
    );
  if (!info?.isFile()) error(410, "The export's file is gone; start the export again.");
  const size = info.size;

  const extension = Object.keys(ARCHIVE_TYPES).find((ext) => path.endsWith(ext));
  const { format } = exportRequestOf(row);
  const dataFormat = getExportFormat(format);
  const contentType = extension ? ARCHIVE_TYPES[extension] : dataFormat.contentType;
  const base =
    row.name
      .replace(/[^a-z0-9]+/gi, "-")
      .replace(/^-|-$/g, "")
      .toLowerCase() || `parley-${format}-${row.id.slice(0, 8)}`;
  const filename = `${base}${extension ?? dataFormat.extension}`;
  return new Response(Readable.toWeb(createReadStream(path)) as ReadableStream, {
    headers: {
      "content-type": contentType ?? "application/octet-stream",
      "content-length": String(size),
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
      ...(row.sha256 ? { "x-content-sha256": row.sha256 } : {}),
    },
  });
};

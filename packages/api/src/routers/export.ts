// Stored exports: start one (queued for the export job), list past ones, follow one's progress.
// Only what the download route can serve is offered: a single file, or a zip or tar.gz package
// (a folder package is the CLI's, written where its user can open it). A package can be pushed to the HuggingFace Hub with the workspace's token, which the job reads
// from the database itself: the token never passes through this router.
import {
  EXPORT_STATUSES,
  type Export,
  findExport,
  findWorkspace,
  findWorkspaceSecretStatus,
  listExports,
} from "@parley/db";
import { describeExportSelection, type ExportSelectionSummary } from "@parley/export";
import { AppError } from "@parley/generation";
import {
  exportFiltersSchema,
  exportFormatSchema,
  exportRequestOf,
  exportRunOptionsSchema,
  hubTokenMismatch,
  PACKAGE_KINDS,
  requestExport,
  workspaceHubEndpoint,
} from "@parley/queue";
import { z } from "zod";
import { adminProcedure, router, workspaceProcedure } from "../trpc.ts";

/** The package kinds a browser can download; a split without a kind comes as a zip. */
export const DOWNLOADABLE_PACKAGE_KINDS = ["zip", "tar.gz"] as const;

const createInput = z.object({
  format: exportFormatSchema,
  filters: exportFiltersSchema,
  options: exportRunOptionsSchema
    .omit({ hub: true })
    .extend({
      package: z
        .enum(DOWNLOADABLE_PACKAGE_KINDS, {
          error: "A folder package cannot be downloaded; choose zip or tar.gz.",
        })
        .optional(),
    })
    .strict(),
  name: z.string().max(200).optional(),
  /** Push the package to this HuggingFace dataset repository (created private by default). */
  pushToHub: exportRunOptionsSchema.shape.hub.unwrap().optional(),
});

const exportView = z.object({
  id: z.uuid(),
  name: z.string(),
  format: exportFormatSchema,
  status: z.enum(EXPORT_STATUSES),
  /** 0 to 1. */
  progress: z.number(),
  rowCount: z.number().int(),
  bytes: z.number().nullable(),
  sha256: z.string().nullable(),
  error: z.string().nullable(),
  includesSimulated: z.boolean(),
  /** A single data file, or a dataset package. */
  kind: z.enum(["file", ...PACKAGE_KINDS]),
  split: z.object({ train: z.number(), validation: z.number(), test: z.number() }).nullable(),
  statuses: z.array(z.string()),
  /** Whether GET /exports/<id>/download serves it (a finished file or archive). */
  downloadable: z.boolean(),
  /** The Hub push asked for, and once done, the dataset's URL and the commit holding it. */
  hub: z
    .object({
      repo: z.string(),
      private: z.boolean(),
      url: z.string().nullable(),
      commit: z.string().nullable(),
    })
    .nullable(),
  /** What the filters matched and left out, and why, in the page's words; null before it ran. */
  selection: z
    .object({ matched: z.number().int(), written: z.number().int(), summary: z.string() })
    .nullable(),
  createdAt: z.date(),
  completedAt: z.date().nullable(),
});
export type ExportView = z.infer<typeof exportView>;

function toView(row: Export): ExportView {
  // A row whose stored settings no longer parse still shows, as what it was.
  const request = (() => {
    try {
      return exportRequestOf(row);
    } catch {
      return null;
    }
  })();
  const options = request?.options ?? {};
  const packaged = Boolean(options.package || options.split || options.hub);
  const kind = packaged ? (options.package ?? "folder") : "file";
  return {
    id: row.id,
    name: row.name,
    format: row.format,
    status: row.status,
    progress: Number(row.progress),
    rowCount: row.rowCount,
    selection: row.selection
      ? {
          matched: row.selection.matched,
          written: row.selection.written,
          summary: describeExportSelection(row.selection as ExportSelectionSummary, "web"),
        }
      : null,
    bytes: row.bytes === null ? null : Number(row.bytes),
    sha256: row.sha256,
    error: row.error,
    includesSimulated: row.includesSimulated,
    kind,
    split: options.split?.ratios ?? null,
    statuses: request?.filters.statuses ? [...request.filters.statuses] : [],
    downloadable: row.status === "completed" && kind !== "folder" && row.location !== null,
    hub: options.hub
      ? {
          repo: options.hub.repo,
          private: options.hub.private,
          url: row.hubUrl,
          commit: row.hubCommit,
        }
      : null,
    createdAt: new Date(row.createdAt),
    completedAt: row.completedAt ? new Date(row.completedAt) : null,
  };
}

export const exportRouter = router({
  create: adminProcedure
    .input(createInput)
    .output(exportView)
    .mutation(async ({ ctx, input }) => {
      // A split has several files: without a kind it would become a folder nobody can download.
      const options =
        input.options.split && !input.options.package
          ? { ...input.options, package: "zip" as const }
          : input.options;
      if (input.pushToHub) {
        if (!options.package) {
          throw new AppError(
            "BAD_REQUEST",
            "Only a dataset package can be pushed to the HuggingFace Hub; choose Package (.zip) or Package (.tar.gz).",
          );
        }
        const token = await findWorkspaceSecretStatus(ctx.db, {
          workspaceId: ctx.workspace.id,
          name: "huggingface_token",
        });
        if (!token.set) {
          throw new AppError(
            "PRECONDITION_FAILED",
            "This workspace has no HuggingFace token; an owner or admin can set one in Settings → Integrations.",
          );
        }
        // Refused here rather than by the job: the token would not be sent anyway.
        const workspace = await findWorkspace(ctx.db, { workspaceId: ctx.workspace.id });
        const mismatch = hubTokenMismatch({
          savedFor: token.endpoint,
          current: workspaceHubEndpoint(workspace?.settings),
        });
        if (mismatch) throw new AppError("PRECONDITION_FAILED", mismatch);
      }
      const row = await requestExport(ctx.db, ctx.queue, {
        workspaceId: ctx.workspace.id,
        format: input.format,
        filters: input.filters,
        options: input.pushToHub ? { ...options, hub: input.pushToHub } : options,
        ...(input.name ? { name: input.name } : {}),
        createdBy: ctx.user?.id ?? null,
      });
      return toView(row);
    }),

  list: workspaceProcedure
    .input(z.object({ limit: z.number().int().min(1).max(100).default(25) }).optional())
    .output(z.array(exportView))
    .query(async ({ ctx, input }) => {
      const page = await listExports(ctx.db, {
        workspaceId: ctx.workspace.id,
        limit: input?.limit ?? 25,
      });
      return page.exports.map(toView);
    }),

  get: workspaceProcedure
    .input(z.object({ exportId: z.uuid() }))
    .output(exportView)
    .query(async ({ ctx, input }) => {
      const row = await findExport(ctx.db, {
        workspaceId: ctx.workspace.id,
        exportId: input.exportId,
      });
      if (!row) throw AppError.notFound("Export", input.exportId);
      return toView(row);
    }),
});

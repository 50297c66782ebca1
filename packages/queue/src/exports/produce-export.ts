// Produces one export on disk from a stored or typed-in request: a single data file, or a dataset
// package (folder, zip or tar.gz) with its card and quality report, optionally pushed to the
// HuggingFace Hub. The CLI and the export job both go through here, so they write the same bytes.
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname } from "node:path";
import {
  type ConversationFilters,
  countConversationsForExport,
  type DB,
  listLatestReviewSamplesForExport,
} from "@parley/db";
import {
  buildDatasetPackage,
  type ConsultantProfileInput,
  type DatasetPackage,
  describeExportSelection,
  EXPORT_FORMATS,
  ExportError,
  type ExportFormatId,
  type ExportSelectionSummary,
  pushDatasetToHub,
  tarGzDirectory,
  zipDirectory,
} from "@parley/export";
import type { Kysely } from "kysely";
import {
  chatLayoutOf,
  type ExportRunOptions,
  isPackageRequest,
  type PackageKind,
} from "./export-request.ts";
import { summariseExportSelection } from "./export-selection-summary.ts";
import { exportConversations, findExportConsultant, streamExport } from "./stream-export.ts";

export interface ProduceExportProgress {
  phase: "planning" | "writing" | "archiving" | "pushing";
  /** Conversations read in this phase. */
  done: number;
  /** Conversations the selection matches. */
  total: number;
}

export interface ProduceExportOptions {
  workspaceId: string;
  format: ExportFormatId;
  filters?: ConversationFilters;
  options?: ExportRunOptions;
  /**
   * The data file, archive or package folder to create. Everything is written under a temporary
   * name next to it and renamed at the end, so nobody ever reads half an export.
   */
  outPath: string;
  /** A HuggingFace write token, for `options.hub`; never logged or stored. */
  hubToken?: string;
  /** For tests (a stand-in Hub). */
  hubUrl?: string;
  onProgress?: (progress: ProduceExportProgress) => void;
  signal?: AbortSignal;
}

export interface ProducedExport {
  kind: "file" | PackageKind;
  path: string;
  /** Rows of the chosen format (over every split for a package). */
  rows: number;
  skipped: number;
  /** Size of the file or archive; for a folder, the sum of its files. */
  bytes: number;
  /** SHA-256 of the file or archive; for a folder, of its manifest (`sha256sum` lines, sorted by path). */
  sha256: string;
  total: number;
  includesSimulated: boolean;
  /** What the filters matched and what they (and the format) left out, with the reasons. */
  selection: ExportSelectionSummary;
  splits?: DatasetPackage["splits"];
  /** The Hub dataset repository's URL, and the id of the commit that holds the package. */
  hubUrl?: string;
  hubCommit?: string;
}

/** A profile for the card when the workspace never configured one; names no domain. */
const FALLBACK_CONSULTANT: ConsultantProfileInput = { name: "Assistant" };

export async function produceExport(
  db: Kysely<DB>,
  request: ProduceExportOptions,
): Promise<ProducedExport> {
  const options = request.options ?? {};
  const selection = {
    workspaceId: request.workspaceId,
    ...(request.filters ? { filters: request.filters } : {}),
  };
  const simulatedCount = await countConversationsForExport(db, {
    workspaceId: request.workspaceId,
    filters: { ...request.filters, simulated: true },
  });
  await mkdir(dirname(request.outPath), { recursive: true });
  const partial = `${request.outPath}.partial-${randomBytes(4).toString("hex")}`;

  try {
    if (!isPackageRequest(options)) {
      const result = await streamExport(db, createWriteStream(partial), {
        ...selection,
        format: request.format,
        options: {
          datasetName: options.name ?? basename(request.outPath).replace(/\.[^.]+$/, ""),
          datasetVersion: options.version ?? "1.0.0",
          ...chatLayoutOf(options),
        },
        onProgress: ({ rows, skipped, total }) =>
          request.onProgress?.({ phase: "writing", done: rows + skipped, total }),
        ...(request.signal ? { signal: request.signal } : {}),
      });
      await rename(partial, request.outPath);
      return {
        kind: "file",
        path: request.outPath,
        rows: result.rows,
        skipped: result.skipped,
        bytes: result.bytes,
        sha256: result.sha256,
        total: result.total,
        includesSimulated: simulatedCount > 0,
        selection: await summariseExportSelection(db, {
          ...selection,
          written: result.rows,
          skipped: result.skipped,
        }),
      };
    }

    if (options.hub && !request.hubToken) {
      throw new ExportError(
        "hub_invalid_token",
        "Pushing to the HuggingFace Hub needs a write token: set one in Settings → Integrations (or HF_TOKEN for the CLI and worker)",
      );
    }
    const kind: PackageKind = options.package ?? "folder";
    if (kind === "folder" && (await pathExists(request.outPath))) {
      throw new ExportError(
        "package_folder_not_empty",
        `${request.outPath} already exists; choose a new folder for the package so no stale file ends up in it`,
      );
    }
    const total = await countConversationsForExport(db, selection);
    const leftOut = await summariseExportSelection(db, {
      ...selection,
      written: total,
      skipped: 0,
    });
    const consultant = await findExportConsultant(db, request.workspaceId);
    const manualReviewSamples = await listLatestReviewSamplesForExport(db, selection);
    const name = options.name ?? basename(request.outPath).replace(/(\.tar\.gz|\.zip)$/, "");
    const folder = kind === "folder" ? partial : `${partial}.d`;
    // The package builder reports every 100 conversations; say at once which pass is running.
    request.onProgress?.({ phase: options.split ? "planning" : "writing", done: 0, total });
    const built = await buildDatasetPackage({
      conversations: () => exportConversations(db, selection),
      outDir: folder,
      name,
      version: options.version ?? "1.0.0",
      license: options.license ?? "cc-by-4.0",
      description: describeExportSelection(leftOut, "card"),
      consultantProfile: consultant?.profile ?? FALLBACK_CONSULTANT,
      manualReviewSamples,
      formats: [request.format],
      split: options.split
        ? {
            ratios: options.split.ratios,
            ...(options.split.seed ? { seed: options.split.seed } : {}),
          }
        : false,
      formatOptions: {
        ...(consultant ? { systemPrompt: consultant.systemPrompt } : {}),
        ...chatLayoutOf(options),
      },
      ...(options.hub ? { repoId: options.hub.repo } : {}),
      onProgress: ({ phase, conversations }) =>
        request.onProgress?.({ phase, done: conversations, total }),
      ...(request.signal ? { signal: request.signal } : {}),
    });
    const splitRows = built.rows[request.format];
    const rows = splitRows
      ? splitRows.train + splitRows.validation + splitRows.test
      : built.splits.train + built.splits.validation + built.splits.test;
    const skipped = built.skipped[request.format] ?? 0;

    let hubUrl: string | undefined;
    let hubCommit: string | undefined;
    if (options.hub && request.hubToken) {
      request.onProgress?.({ phase: "pushing", done: total, total });
      const pushed = await pushDatasetToHub({
        dir: folder,
        repo: options.hub.repo,
        token: request.hubToken,
        private: options.hub.private,
        ...(request.hubUrl ? { hubUrl: request.hubUrl } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
      });
      hubUrl = pushed.repoUrl;
      hubCommit = pushed.commit.oid;
    }

    const common = {
      rows,
      skipped,
      total,
      includesSimulated: simulatedCount > 0,
      selection: {
        ...leftOut,
        written: rows,
        leftOut: [
          ...leftOut.leftOut,
          ...(skipped > 0 ? [{ reason: "format" as const, count: skipped }] : []),
        ],
      },
      splits: built.splits,
      ...(hubUrl ? { hubUrl } : {}),
      ...(hubCommit ? { hubCommit } : {}),
    };
    if (kind === "folder") {
      const manifest = [...built.files]
        .sort((a, b) => (a.path < b.path ? -1 : 1))
        .map((file) => `${file.sha256}  ${file.path}\n`)
        .join("");
      await rename(partial, request.outPath);
      return {
        kind,
        path: request.outPath,
        bytes: built.files.reduce((sum, file) => sum + file.bytes, 0),
        sha256: createHash("sha256").update(manifest).digest("hex"),
        ...common,
      };
    }

    request.onProgress?.({ phase: "archiving", done: total, total });
    const archive =
      kind === "zip"
        ? await zipDirectory(folder, partial, { root: name })
        : await tarGzDirectory(folder, partial, { root: name });
    await rm(folder, { recursive: true, force: true });
    await rename(partial, request.outPath);
    return { kind, path: request.outPath, bytes: archive.bytes, sha256: archive.sha256, ...common };
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    await rm(`${partial}.d`, { recursive: true, force: true });
    throw error;
  }
}

/** The file name an export gets: its data format's extension, or the archive's. */
export function exportFileExtension(format: ExportFormatId, options: ExportRunOptions): string {
  if (!isPackageRequest(options)) return EXPORT_FORMATS[format].extension;
  const kind = options.package ?? "folder";
  return kind === "folder" ? "" : `.${kind}`;
}

async function pathExists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

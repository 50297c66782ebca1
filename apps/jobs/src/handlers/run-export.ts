// Runs one stored export: reads the `exports` row's format, filters and options, writes the file
// under the exports folder with progress as it goes, and records rows, bytes and SHA-256. Safe to
// run twice: a finished export is left alone and a re-run replaces what an earlier attempt wrote.
// A Hub push uses the workspace's own token (Settings → Integrations), and only on the Hub it was
// saved for; else the worker's HF_TOKEN, and only on the worker's own Hub (HF_ENDPOINT). A push
// that may not send a token fails with the reason before anything is sent.
import { rm } from "node:fs/promises";
import { join } from "node:path";
import {
  completeExport,
  type Database,
  failExport,
  findWorkspace,
  findWorkspaceSecret,
  markExportRunning,
  type SecretCipher,
  SecretDecryptionError,
  updateExportProgress,
} from "@parley/db";
import { redactSecret } from "@parley/export";
import {
  DEFAULT_HUB_ENDPOINT,
  exportFileExtension,
  exportRequestOf,
  hubTokenMismatch,
  isPackageRequest,
  type ProduceExportProgress,
  parsePayload,
  produceExport,
  storedExportLocation,
  workspaceHubEndpoint,
} from "@parley/queue";
import type { Job } from "pg-boss";
import { ZodError, z } from "zod";

export interface RunExportDeps {
  db: Database;
  /** Root of the stored exports (see exportsRoot). */
  exportsDir: string;
  /** For Hub pushes from a workspace that has set no token of its own (HF_TOKEN); never logged. */
  hubToken?: string | undefined;
  /** The Hub for workspaces that configured none (HF_ENDPOINT); default https://huggingface.co. */
  hubEndpoint?: string | undefined;
  /** Opens the workspace's saved token. */
  secrets: SecretCipher;
  log: (message: string) => void;
  /** Minimum time between two progress writes (default 500 ms). */
  progressIntervalMs?: number;
}

/** Planning (a stratified split's id-only pass) is the cheap first quarter of a package. */
function fractionOf(progress: ProduceExportProgress, planned: boolean): number {
  const share = progress.total > 0 ? Math.min(progress.done / progress.total, 1) : 1;
  if (progress.phase === "planning") return 0.25 * share;
  const start = planned ? 0.25 : 0;
  if (progress.phase === "writing") return start + (0.95 - start) * share;
  return 0.97;
}

export async function handleRunExport(deps: RunExportDeps, job: Job<unknown>): Promise<void> {
  const { db } = deps;
  const payload = parsePayload("export.run", job.data);
  const ref = { workspaceId: payload.workspaceId, exportId: payload.exportId };
  const row = await markExportRunning(db, ref);
  // Completed or failed already (a redelivered job), or not this workspace's export.
  if (!row) return;

  let request: ReturnType<typeof exportRequestOf>;
  try {
    request = exportRequestOf(row);
  } catch (error) {
    const message =
      error instanceof ZodError
        ? `The export's settings are invalid: ${z.prettifyError(error).replaceAll("\n", "; ")}`
        : String(error);
    await failExport(db, { ...ref, error: message });
    return;
  }

  // A dataset is named on the Hub, in its card and in its file names: "acme-research-2026-12-01"
  // reads better there than the export's id.
  if (!request.options.name) {
    const workspace = await findWorkspace(db, { workspaceId: payload.workspaceId });
    const day = new Date(row.createdAt).toISOString().slice(0, 10);
    request = {
      ...request,
      options: { ...request.options, name: `${workspace?.slug ?? "parley"}-${day}` },
    };
  }

  const location = storedExportLocation(
    payload.workspaceId,
    payload.exportId,
    exportFileExtension(request.format, request.options),
  );
  const planned = isPackageRequest(request.options) && Boolean(request.options.split);
  const interval = deps.progressIntervalMs ?? 500;
  let lastWrite = 0;
  // One progress write in flight at a time; a newer one replaces an older pending one.
  let writes: Promise<unknown> = Promise.resolve();
  const onProgress = (progress: ProduceExportProgress) => {
    const now = Date.now();
    if (now - lastWrite < interval) return;
    lastWrite = now;
    const fraction = fractionOf(progress, planned);
    writes = writes
      .then(() =>
        updateExportProgress(db, {
          ...ref,
          progress: fraction,
          ...(progress.phase === "writing" ? { rowCount: progress.done } : {}),
        }),
      )
      .catch((error: unknown) => deps.log(`export ${payload.exportId}: progress: ${error}`));
  };

  const outPath = join(deps.exportsDir, ...location.split("/"));
  // Read only when this export pushes, and only here: it goes to produceExport and nowhere else.
  const hub = request.options.hub ? await hubAccess(deps, payload.workspaceId) : undefined;
  if (hub && "refused" in hub) {
    deps.log(`export ${payload.exportId} failed: ${hub.refused}`);
    await failExport(db, { ...ref, error: hub.refused });
    return;
  }
  try {
    // The path is this export's own: whatever is there is an earlier attempt's, never a user's.
    await rm(outPath, { recursive: true, force: true });
    const produced = await produceExport(db, {
      workspaceId: payload.workspaceId,
      format: request.format,
      filters: request.filters,
      options: request.options,
      outPath,
      ...(hub?.token ? { hubToken: hub.token } : {}),
      ...(hub?.endpoint ? { hubUrl: hub.endpoint } : {}),
      onProgress,
      ...(job.signal ? { signal: job.signal } : {}),
    });
    await writes;
    await completeExport(db, {
      ...ref,
      rowCount: produced.rows,
      bytes: produced.bytes,
      sha256: produced.sha256,
      location,
      includesSimulated: produced.includesSimulated,
      hubUrl: produced.hubUrl ?? null,
      hubCommit: produced.hubCommit ?? null,
      selection: produced.selection,
    });
    deps.log(
      `export ${payload.exportId}: ${produced.rows} rows, ${produced.bytes} bytes` +
        (produced.hubUrl ? `, pushed to ${produced.hubUrl}` : ""),
    );
  } catch (error) {
    await writes;
    // Stopped (worker shutdown, expiry): leave it running so the redelivered job carries on.
    if (job.signal?.aborted) throw error;
    const message = [hub?.token, deps.hubToken].reduce<string>(
      (text, secret) => redactSecret(text, secret),
      error instanceof Error ? error.message : String(error),
    );
    deps.log(`export ${payload.exportId} failed: ${message}`);
    await failExport(db, { ...ref, error: message });
  }
}

type HubAccess =
  | { token: string | undefined; endpoint: string | undefined }
  /** Why no token may be sent for this push (nothing was sent). */
  | { refused: string };

/**
 * The token and Hub a push from this workspace uses: its own token on the Hub it was saved for,
 * else the worker's HF_TOKEN on the worker's Hub. A workspace's Hub address is set by its admins,
 * so no token goes to an address other than the one it was saved for.
 */
async function hubAccess(deps: RunExportDeps, workspaceId: string): Promise<HubAccess> {
  const workspace = await findWorkspace(deps.db, { workspaceId });
  const current = workspaceHubEndpoint(workspace?.settings);
  const defaultHub = deps.hubEndpoint ?? DEFAULT_HUB_ENDPOINT;
  let secret: Awaited<ReturnType<typeof findWorkspaceSecret>>;
  try {
    secret = await findWorkspaceSecret(deps.db, {
      workspaceId,
      name: "huggingface_token",
      cipher: deps.secrets,
    });
  } catch (error) {
    if (!(error instanceof SecretDecryptionError)) throw error;
    return { refused: `The workspace's HuggingFace token cannot be decrypted: ${error.message}` };
  }
  if (secret) {
    const mismatch = hubTokenMismatch({ savedFor: secret.endpoint, current, defaultHub });
    if (mismatch) return { refused: mismatch };
    return { token: secret.value, endpoint: current ?? deps.hubEndpoint };
  }
  if (deps.hubToken && current !== null) {
    return {
      refused: `This workspace pushes to ${current}, and the worker's HF_TOKEN is only sent to ${defaultHub}: save a token for ${current} in Settings → Integrations.`,
    };
  }
  return { token: deps.hubToken, endpoint: current ?? deps.hubEndpoint };
}

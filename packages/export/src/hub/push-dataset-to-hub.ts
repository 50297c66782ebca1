// Publishes a dataset package folder to a HuggingFace dataset repository: creates the repo
// (private by default) when it does not exist, then uploads every file in one commit.
import { openAsBlob } from "node:fs";
import {
  type CommitOperation,
  type CommitOutput,
  commitIter,
  createRepo,
  repoExists,
} from "@huggingface/hub";
import { ExportError } from "../export-error.ts";
import { listPackageFiles } from "../package/package-files.ts";
import { redactSecret } from "./redact-secret.ts";

export interface PushDatasetToHubOptions {
  /** The package folder (as built by buildDatasetPackage). */
  dir: string;
  /** "owner/name" of the dataset repository. */
  repo: string;
  /** A write token ("hf_..."); never included in errors or progress events. */
  token: string;
  hubUrl?: string;
  /** Visibility when the repo has to be created (default private); an existing repo keeps its own. */
  private?: boolean;
  commitMessage?: string;
  commitDescription?: string;
  branch?: string;
  /** For tests and proxies. */
  fetch?: typeof fetch;
  onProgress?: (event: HubPushProgress) => void;
  signal?: AbortSignal;
}

export type HubPushProgress =
  | {
      phase:
        | "checking_repo"
        | "creating_repo"
        | "preuploading"
        | "uploadingLargeFiles"
        | "committing";
    }
  | { phase: "file"; path: string; state: "hashing" | "uploading" | "error"; progress: number };

export interface HubPushResult {
  repoUrl: string;
  /** Whether this push created the repository. */
  created: boolean;
  commit: { oid: string; url: string };
  /** Paths uploaded, relative to the repo root. */
  files: string[];
}

const REPO_PATTERN = /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/;
const DEFAULT_HUB_URL = "https://huggingface.co";

export async function pushDatasetToHub(options: PushDatasetToHubOptions): Promise<HubPushResult> {
  const { token, repo } = options;
  const hubUrl = (options.hubUrl ?? DEFAULT_HUB_URL).replace(/\/+$/, "");
  if (!REPO_PATTERN.test(repo)) {
    throw new ExportError(
      "invalid_options",
      `"${repo}" is not a dataset repository name of the form owner/name`,
    );
  }
  if (!token.startsWith("hf_")) {
    throw new ExportError(
      "hub_invalid_token",
      "The HuggingFace token must start with hf_; create a write token in your Hub settings",
    );
  }
  const files = await listPackageFiles(options.dir);
  if (files.length === 0)
    throw new ExportError("invalid_options", `The package folder ${options.dir} is empty`);

  const designation = { type: "dataset" as const, name: repo };
  const shared = { hubUrl, accessToken: token, ...(options.fetch ? { fetch: options.fetch } : {}) };
  try {
    options.onProgress?.({ phase: "checking_repo" });
    let created = false;
    if (!(await repoExists({ repo: designation, ...shared }))) {
      options.onProgress?.({ phase: "creating_repo" });
      created = await createIfMissing(designation, options.private ?? true, shared);
    }

    // Blobs backed by the files: read when uploaded, never all in memory.
    const operations: CommitOperation[] = await Promise.all(
      files.map(async (file) => ({
        operation: "addOrUpdate" as const,
        path: file.path,
        content: await openAsBlob(file.absolutePath),
      })),
    );
    const iterator = commitIter({
      repo: designation,
      ...shared,
      operations,
      title: options.commitMessage ?? `Upload dataset package (${files.length} files)`,
      description: options.commitDescription,
      branch: options.branch,
      abortSignal: options.signal,
    });
    let step = await iterator.next();
    while (!step.done) {
      const event = step.value;
      if (event.event === "phase") options.onProgress?.({ phase: event.phase });
      else
        options.onProgress?.({
          phase: "file",
          path: event.path,
          state: event.state,
          progress: event.progress,
        });
      step = await iterator.next();
    }
    const output: CommitOutput | undefined = step.value;
    if (!output) throw new Error("The Hub did not confirm the commit");
    return {
      repoUrl: `${hubUrl}/datasets/${repo}`,
      created,
      commit: { oid: output.commit.oid, url: output.commit.url },
      files: files.map((file) => file.path),
    };
  } catch (error) {
    throw hubError(error, token, repo);
  }
}

async function createIfMissing(
  repo: { type: "dataset"; name: string },
  isPrivate: boolean,
  shared: { hubUrl: string; accessToken: string; fetch?: typeof fetch },
): Promise<boolean> {
  try {
    await createRepo({ repo, visibility: isPrivate ? "private" : "public", ...shared });
    return true;
  } catch (error) {
    // Someone created it between our check and our create: it exists now, which is all we need.
    if (statusOf(error) === 409) return false;
    throw error;
  }
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === "number" ? status : undefined;
}

/** A Hub failure as an ExportError whose message and cause carry no trace of the token. */
function hubError(error: unknown, token: string, repo: string): Error {
  if (error instanceof ExportError) return error;
  // An abort is the caller's own doing; keep it recognisable (its message holds no token).
  if (error instanceof Error && error.name === "AbortError") return error;
  const status = statusOf(error);
  const detail = redactSecret(error instanceof Error ? error.message : String(error), token);
  if (status === 401 || status === 403) {
    return new ExportError(
      "hub_unauthorized",
      `The Hub refused the token for ${repo} (HTTP ${status}): use a write token with access to this namespace. ${detail}`,
    );
  }
  return new ExportError(
    "hub_request_failed",
    `Pushing to ${repo} failed${status ? ` (HTTP ${status})` : ""}: ${detail}`,
  );
}

// Where stored exports live: PARLEY_EXPORTS_DIR, else <repo>/.data/exports. Rows record a path
// relative to it (<workspace>/<export id><ext>), so the folder can move without rewriting rows.
import { isAbsolute, join, relative, resolve } from "node:path";
import { findRepoRoot } from "@parley/db";

export function exportsRoot(configured?: string): string {
  return configured ? resolve(configured) : join(findRepoRoot(), ".data", "exports");
}

export function storedExportLocation(workspaceId: string, exportId: string, extension: string) {
  return `${workspaceId}/${exportId}${extension}`;
}

/**
 * The absolute path of a stored export, or null when the location is not a file of this
 * workspace under the root (a Hub URL, or anything that would escape the folder).
 */
export function resolveStoredExport(
  root: string,
  workspaceId: string,
  location: string | null,
): string | null {
  if (!location || location.includes("://")) return null;
  const workspaceDir = resolve(root, workspaceId);
  const absolute = resolve(root, location);
  const inside = relative(workspaceDir, absolute);
  if (!inside || inside.startsWith("..") || isAbsolute(inside)) return null;
  return absolute;
}

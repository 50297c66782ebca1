// What the zip and tar.gz writers share: the options, the result, and how a package path becomes
// an entry name under the archive's root folder.
import type { OutputDigest } from "../streams/metered-writable.ts";

export interface ArchiveOptions {
  /** Folder name inside the archive; defaults to the package folder's name, "" for none. */
  root?: string;
}

export interface ArchiveResult extends OutputDigest {
  file: string;
  /** Paths inside the archive, in order. */
  entries: string[];
}

export function archiveEntryName(root: string, path: string): string {
  return root ? `${root}/${path}` : path;
}

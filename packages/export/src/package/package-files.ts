// Lists the files of a package folder as sorted relative POSIX paths: the order archives and
// Hub commits use, so the same package always produces the same listing.
import { readdir } from "node:fs/promises";
import { join } from "node:path";

export interface PackageFileEntry {
  /** Relative to the package root, with "/" separators. */
  path: string;
  absolutePath: string;
}

export async function listPackageFiles(dir: string): Promise<PackageFileEntry[]> {
  const entries: PackageFileEntry[] = [];
  async function walk(relative: string): Promise<void> {
    const children = await readdir(join(dir, relative), { withFileTypes: true });
    for (const child of children) {
      const path = relative ? `${relative}/${child.name}` : child.name;
      if (child.isDirectory()) await walk(path);
      // Symlinks and sockets are not package content; skipping them keeps archives self-contained.
      else if (child.isFile()) entries.push({ path, absolutePath: join(dir, ...path.split("/")) });
    }
  }
  await walk("");
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

// Finds the repository root (the folder with pnpm-workspace.yaml), where `.data/` lives, from
// this file's location, so every process of the checkout agrees whatever its working directory.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

export function findRepoRoot(from: string = import.meta.dirname): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`No pnpm-workspace.yaml above ${from}; pass rootDir explicitly`);
    }
    dir = parent;
  }
}

// Run as root, Parley runs Postgres as the `postgres` system user, which must reach the binaries
// and the data directory through every parent directory. A checkout under /root (mode 0700) is
// out of its reach, and initdb would die with a bare `spawn … EACCES`; this check says which
// directory is in the way and what to do, before anything is created.
import { spawnSync } from "node:child_process";
import { dirname, sep } from "node:path";

export interface UserIds {
  uid: number;
  gid: number;
}

/** Whether the user can search (enter) `path`, which needs every parent to be enterable too. */
function canEnter(ids: UserIds, path: string): boolean {
  const result = spawnSync("test", ["-x", path], { uid: ids.uid, gid: ids.gid, stdio: "ignore" });
  return result.status === 0;
}

/** The outermost directory on the way to `path` that the user cannot enter. */
function firstBlockedDirectory(ids: UserIds, path: string): string {
  const parents: string[] = [];
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    parents.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  return parents.find((dir) => dir !== sep && !canEnter(ids, dir)) ?? path;
}

/** Throws, naming the directory in the way and the fixes, when `postgres` cannot reach a path. */
export function assertPostgresUserCanReach(
  ids: UserIds,
  paths: readonly { path: string; what: string }[],
): void {
  for (const { path, what } of paths) {
    if (canEnter(ids, path)) continue;
    const blocked = firstBlockedDirectory(ids, path);
    throw new Error(
      [
        `The embedded Postgres cannot start: run as root, Parley runs Postgres as the "postgres" system user, and that user cannot enter ${blocked}, so it cannot reach ${what} (${path}).`,
        "Fix it one of these ways:",
        "  - run npm start as an ordinary user instead of root;",
        "  - clone the project where every user can enter, e.g. /opt/parley or /srv/parley;",
        `  - let other users enter that directory: chmod o+x ${blocked};`,
        "  - or set DATABASE_URL to an existing Postgres server.",
      ].join("\n"),
    );
  }
}

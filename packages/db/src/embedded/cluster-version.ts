// A data directory made by another Postgres major version cannot be opened by the embedded one
// (postgres would stop with "database files are incompatible with server"): this says so, and
// how to keep or set aside the data, before the server is launched. The directory is not touched.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The major version of a postgres binary, from `postgres --version` ("postgres (PostgreSQL) 17.5"). */
export function binaryMajorVersion(postgres: string): string {
  const output = execFileSync(postgres, ["--version"], { encoding: "utf8" });
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(output);
  if (!match?.[1]) throw new Error(`Could not read the Postgres version from "${output.trim()}"`);
  return match[1];
}

export function assertClusterVersionMatches(dataDir: string, serverMajor: string): void {
  const onDisk = readFileSync(join(dataDir, "PG_VERSION"), "utf8").trim();
  if (onDisk === serverMajor) return;
  throw new Error(
    [
      `${dataDir} holds a database made by Postgres ${onDisk}, but the embedded Postgres is version ${serverMajor} and cannot open it. Nothing was changed.`,
      "Fix it one of these ways:",
      `  - keep the data: dump it with Postgres ${onDisk}'s pg_dump, start afresh (next line), then restore it with psql or pg_restore;`,
      `  - start with an empty database, keeping the old one aside: mv ${dataDir} ${dataDir}-pg${onDisk};`,
      `  - or set DATABASE_URL to a Postgres ${onDisk} server holding that data.`,
    ].join("\n"),
  );
}

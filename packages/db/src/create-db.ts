// Builds the Kysely instance every package uses: a pg Pool whose numeric and bigint columns
// arrive as JS numbers, pg-cursor so that `.stream()` reads with a server-side cursor, and
// camelCase names in TypeScript over the snake_case database.
import { CamelCasePlugin, Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import Cursor from "pg-cursor";
import type { DB } from "./schema.ts";

const NUMERIC_OID = 1700;
const INT8_OID = 20;

/**
 * Money (numeric(12,6)), scores (numeric(4,2)), byte counts and `count(*)` (bigint) all fit in a
 * double, so they are parsed to numbers here instead of leaking strings into every caller.
 * Scoped to our pools rather than pg's global registry, which pg-boss shares.
 */
const parleyTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (format !== "binary" && (oid === NUMERIC_OID || oid === INT8_OID)) {
      return (value: string) => Number(value);
    }
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig["getTypeParser"],
};

/**
 * Tables and columns are snake_case in Postgres and camelCase in TypeScript (schema.ts): the
 * plugin renames identifiers the query builder emits and the keys of every result row, so rows
 * leave this package in the shape the rest of the code uses and no layer above renames a field.
 * Nested objects keep their keys: a jsonb value comes back exactly as it was stored. Text inside
 * a raw `sql` fragment is sent as written, so it names columns in snake_case. Migrations and
 * better-auth (which maps its own fields onto our columns) use `db.withoutPlugins()`.
 */
const camelCaseColumns = new CamelCasePlugin({ maintainNestedObjectKeys: true });

export interface CreateDbOptions {
  /** Pool size; default 10. */
  maxConnections?: number;
  /** Shown in pg_stat_activity, which helps when several processes share one cluster. */
  applicationName?: string;
  /** Errors of idle pooled connections (e.g. the server restarted); default: one warning line. */
  onPoolError?: (error: Error) => void;
}

export function createDb(url: string, options: CreateDbOptions = {}): Kysely<DB> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    application_name: options.applicationName ?? "parley",
    types: parleyTypes,
  });
  // Without a listener a connection dropped by the server (a restart) would crash the process;
  // the next query on the pool reports the problem anyway.
  pool.on(
    "error",
    options.onPoolError ??
      ((error) => console.warn(`[parley/db] idle connection error: ${error.message}`)),
  );
  // The pool listens to idle connections only. One checked out between two statements of a
  // transaction needs a listener too; its failure reaches the caller through the next statement.
  pool.on("connect", (client) => client.on("error", () => {}));
  return new Kysely<DB>({
    dialect: new PostgresDialect({ pool, cursor: Cursor }),
    plugins: [camelCaseColumns],
  });
}

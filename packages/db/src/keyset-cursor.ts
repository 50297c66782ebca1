// Opaque cursors for keyset pagination: the sort value and id of the last row of a page, so the
// next page starts after it whatever was inserted meanwhile (no skipped or repeated rows).
import { type SelectQueryBuilder, sql } from "kysely";
import { RepositoryError } from "./repository-error.ts";

export interface KeysetPosition {
  /** The sort column's value (ISO string for timestamps). */
  value: string | number;
  id: string;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.value, position.id])).toString("base64url");
}

export function decodeCursor(cursor: string): KeysetPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      (typeof parsed[0] === "string" || typeof parsed[0] === "number") &&
      typeof parsed[1] === "string"
    ) {
      return { value: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through
  }
  throw new RepositoryError("invalid_input", "The page cursor is not valid; reload the list");
}

/**
 * The newest-first page of a single-table query keyed by (created_at, id): the rows created
 * before the cursor's row, one more than `limit` so the caller learns whether a page follows,
 * each with its sort key as Postgres prints it (exact to the microsecond, unlike a JS Date).
 * Pass the rows to `newestFirstPage`.
 */
export function selectNewestFirst<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  options: { cursor?: string | null; limit: number },
): SelectQueryBuilder<DB, TB, O & { sortKey: string }> {
  const after = options.cursor ? decodeCursor(options.cursor) : undefined;
  return query
    .select(sql<string>`created_at::text`.as("sortKey"))
    .$if(after !== undefined, (qb) =>
      qb.where(sql<boolean>`(created_at, id) < (${after?.value}::timestamptz, ${after?.id}::uuid)`),
    )
    .orderBy(sql`created_at desc`)
    .orderBy(sql`id desc`)
    .limit(options.limit + 1) as SelectQueryBuilder<DB, TB, O & { sortKey: string }>;
}

/** Cuts `selectNewestFirst`'s rows to the page and the cursor of the page after it. */
export function newestFirstPage<Row extends { id: string; sortKey: string }>(
  rows: readonly Row[],
  limit: number,
): { rows: Omit<Row, "sortKey">[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page.map(({ sortKey: _sortKey, ...row }) => row),
    nextCursor:
      rows.length > limit && last ? encodeCursor({ value: last.sortKey, id: last.id }) : null,
  };
}

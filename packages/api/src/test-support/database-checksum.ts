// A fingerprint of what the app stores (each table's row count and a hash of its rows, and the
// queue's jobs), whole or one workspace's part of it, to prove a call changed nothing there.
import type { Database } from "@parley/db";
import { type RawBuilder, sql } from "kysely";

export type DatabaseChecksum = Record<string, string>;

/** The rows of `table` that belong to `workspaceId`, judged by the columns the table has. */
function scopeOf(table: string, columns: Set<string>, workspaceId: string): RawBuilder<unknown> {
  if (columns.has("workspace_id")) return sql`where t.workspace_id = ${workspaceId}`;
  if (columns.has("conversation_id")) {
    return sql`where t.conversation_id in (select id from conversations where workspace_id = ${workspaceId})`;
  }
  if (table === "workspaces") return sql`where t.id = ${workspaceId}`;
  return sql``;
}

/**
 * Per table "rows:md5"; two equal checksums mean no row was added, removed or changed. With
 * `workspaceId`, only that workspace's rows count (tables that belong to no workspace, such as
 * users, count whole).
 */
export async function databaseChecksum(
  db: Database,
  options: { workspaceId?: string } = {},
): Promise<DatabaseChecksum> {
  const columns = await sql<{ table: string; column: string }>`
    select c.table_name as "table", c.column_name as "column"
    from information_schema.columns c
    join information_schema.tables t using (table_schema, table_name)
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
      and c.table_name not like 'kysely_%'`.execute(db);
  const tables = new Map<string, Set<string>>();
  for (const row of columns.rows) {
    const set = tables.get(row.table) ?? new Set<string>();
    set.add(row.column);
    tables.set(row.table, set);
  }
  const parts = [...tables].map(([name, cols]) => {
    const scope = options.workspaceId ? scopeOf(name, cols, options.workspaceId) : sql``;
    // A sum of 64-bit row hashes: order-free, so no sort, and any changed row changes it.
    return sql`select ${name} as name, count(*)::text || ':' || coalesce(sum(hashtextextended(t::text, 0)::numeric), 0)::text as sum from ${sql.table(name)} t ${scope}`;
  });
  const jobScope = options.workspaceId
    ? sql`where data->>'workspaceId' = ${options.workspaceId}`
    : sql``;
  parts.push(sql`select 'pgboss.job' as name, count(*)::text as sum from pgboss.job ${jobScope}`);
  const result = await sql<{
    name: string;
    sum: string;
  }>`${sql.join(parts, sql` union all `)}`.execute(db);
  return Object.fromEntries(result.rows.map((row) => [row.name, row.sum]));
}

/** The tables whose fingerprint differs, for a failure message that says where to look. */
export function changedTables(before: DatabaseChecksum, after: DatabaseChecksum): string[] {
  return Object.keys({ ...before, ...after }).filter((name) => before[name] !== after[name]);
}

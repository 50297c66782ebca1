// Counts every row written to the app's tables (and every job queued), by a trigger installed in
// a test's own throwaway database: a cheap, exact "did this call change anything" for tests that
// make thousands of calls. Rolled-back writes do not count, as they change nothing.
import type { Database } from "@parley/db";
import { sql } from "kysely";

export type RowWrites = Record<string, number>;

/** Installs the counting trigger on every table of the public schema (once per database). */
export async function installRowWriteCounter(db: Database): Promise<void> {
  await sql`create table if not exists test_row_writes (table_name text not null)`.execute(db);
  await sql`
    create or replace function test_count_row_write() returns trigger language plpgsql as $$
    begin
      insert into test_row_writes (table_name) values (tg_table_name);
      return null;
    end $$`.execute(db);
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE'
      and table_name not like 'kysely_%' and table_name <> 'test_row_writes'`.execute(db);
  for (const { name } of tables.rows) {
    await sql`
      create or replace trigger test_count_row_write
      after insert or update or delete on ${sql.table(name)}
      for each row execute function test_count_row_write()`.execute(db);
  }
}

/** Rows written so far per table, and the queue's job count. */
export async function rowWrites(db: Database): Promise<RowWrites> {
  const result = await sql<{ name: string; count: string }>`
    select table_name as name, count(*)::text as count from test_row_writes group by table_name
    union all select 'pgboss.job', count(*)::text from pgboss.job`.execute(db);
  return Object.fromEntries(result.rows.map((row) => [row.name, Number(row.count)]));
}

/** The tables written to between two readings, with how many rows. */
export function writesBetween(before: RowWrites, after: RowWrites): string[] {
  return Object.keys(after)
    .filter((name) => (after[name] ?? 0) !== (before[name] ?? 0))
    .map((name) => `${name} (${(after[name] ?? 0) - (before[name] ?? 0)})`);
}

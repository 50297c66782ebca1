// The operations every scaffolding table shares (list, find by id or key, retire, restore),
// written once over the table name. Per-table modules wrap them with typed, named functions.
import type { Kysely, Selectable } from "kysely";
import type { DB } from "../schema.ts";

export type ScaffoldingTable =
  | "personas"
  | "emotional_arcs"
  | "training_topics"
  | "prompt_templates"
  | "edge_cases"
  | "source_chunks"
  | "consultant_profiles";

export interface ListScaffoldingOptions {
  workspaceId: string;
  /** Retired rows are hidden unless asked for (history views, restoring). */
  includeRetired?: boolean;
}

/** The columns the shared operations touch, present in every scaffolding table. */
interface SharedColumns {
  id: string;
  workspaceId: string;
  key: string;
  retiredAt: Date | null;
  updatedAt: Date;
}

// Kysely cannot type a query over "one of these tables"; the shared operations run against a
// one-table view with just the shared columns, and the wrappers restore each table's row type.
type SharedView = Kysely<{ scaffolding: SharedColumns }>;
const shared = (db: Kysely<DB>) => db as unknown as SharedView;
const as = (table: ScaffoldingTable) => table as unknown as "scaffolding";

/** Each table's display column, for stable, human-friendly ordering. */
const ORDER_COLUMN: Record<ScaffoldingTable, string> = {
  personas: "name",
  emotional_arcs: "name",
  training_topics: "name",
  prompt_templates: "name",
  edge_cases: "name",
  source_chunks: "title",
  consultant_profiles: "name",
};

export async function listScaffolding<T extends ScaffoldingTable>(
  db: Kysely<DB>,
  table: T,
  options: ListScaffoldingOptions,
): Promise<Selectable<DB[T]>[]> {
  const rows = await shared(db)
    .selectFrom(as(table))
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .$if(!options.includeRetired, (qb) => qb.where("retiredAt", "is", null))
    .orderBy(ORDER_COLUMN[table] as "key")
    .orderBy("id")
    .execute();
  return rows as unknown as Selectable<DB[T]>[];
}

export async function findScaffolding<T extends ScaffoldingTable>(
  db: Kysely<DB>,
  table: T,
  options: { workspaceId: string; id: string },
): Promise<Selectable<DB[T]> | undefined> {
  const row = await shared(db)
    .selectFrom(as(table))
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .where("id", "=", options.id)
    .executeTakeFirst();
  return row as unknown as Selectable<DB[T]> | undefined;
}

export async function findScaffoldingByKey<T extends Exclude<ScaffoldingTable, "prompt_templates">>(
  db: Kysely<DB>,
  table: T,
  options: { workspaceId: string; key: string },
): Promise<Selectable<DB[T]> | undefined> {
  const row = await shared(db)
    .selectFrom(as(table))
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .where("key", "=", options.key)
    .executeTakeFirst();
  return row as unknown as Selectable<DB[T]> | undefined;
}

/** Retires a row (never deletes: batches and conversations keep pointing at it). */
export async function retireScaffolding<T extends ScaffoldingTable>(
  db: Kysely<DB>,
  table: T,
  options: { workspaceId: string; id: string },
): Promise<Selectable<DB[T]> | undefined> {
  const row = await shared(db)
    .updateTable(as(table))
    .set((eb) => ({ retiredAt: eb.fn.coalesce("retiredAt", eb.fn("now")) }) as never)
    .where("workspaceId", "=", options.workspaceId)
    .where("id", "=", options.id)
    .returningAll()
    .executeTakeFirst();
  return row as unknown as Selectable<DB[T]> | undefined;
}

export async function restoreScaffolding<T extends ScaffoldingTable>(
  db: Kysely<DB>,
  table: T,
  options: { workspaceId: string; id: string },
): Promise<Selectable<DB[T]> | undefined> {
  const row = await shared(db)
    .updateTable(as(table))
    .set({ retiredAt: null })
    .where("workspaceId", "=", options.workspaceId)
    .where("id", "=", options.id)
    .returningAll()
    .executeTakeFirst();
  return row as unknown as Selectable<DB[T]> | undefined;
}

/** Drops undefined entries so an update only touches the fields it was given. */
export function definedOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

/** Applies the given column values; with none, returns the row unchanged. */
export async function updateScaffolding<T extends ScaffoldingTable>(
  db: Kysely<DB>,
  table: T,
  options: { workspaceId: string; id: string },
  columns: Record<string, unknown>,
): Promise<Selectable<DB[T]> | undefined> {
  if (Object.keys(columns).length === 0) return findScaffolding(db, table, options);
  const row = await shared(db)
    .updateTable(as(table))
    .set(columns as never)
    .where("workspaceId", "=", options.workspaceId)
    .where("id", "=", options.id)
    .returningAll()
    .executeTakeFirst();
  return row as unknown as Selectable<DB[T]> | undefined;
}

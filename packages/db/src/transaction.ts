// Runs work in a transaction, joining the caller's transaction when there already is one, so
// repository functions compose: completeItem can run alone or inside a larger unit of work.
import type { Kysely, Transaction } from "kysely";
import type { DB } from "./schema.ts";

export function withTransaction<T>(
  db: Kysely<DB>,
  work: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<DB>);
  return db.transaction().execute(work);
}

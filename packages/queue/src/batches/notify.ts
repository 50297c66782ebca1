// Announces a change to a batch to every live progress view (see progress-hub.ts).
import type { Database } from "@parley/db";
import { sql } from "kysely";
import { PROGRESS_CHANNEL } from "../progress-hub.ts";

export async function notifyBatchChanged(db: Database, batchId: string): Promise<void> {
  await sql`select pg_notify(${PROGRESS_CHANNEL}, ${batchId})`.execute(db);
}

// Checks a user would make of a batch's results: one live conversation per succeeded item (never
// two), and counters that equal the item rows.
import { type Database, recountBatch } from "@parley/db";
import { expect } from "vitest";
import { liveConversationsPerItem } from "./batch-observer.ts";

export async function expectOneLiveConversationPerItem(
  db: Database,
  ref: { workspaceId: string; batchId: string },
  items: number,
): Promise<void> {
  const perItem = await liveConversationsPerItem(db, ref.batchId);
  expect(perItem.filter((row) => row.batchItemId === null || row.conversations !== 1)).toEqual([]);
  expect(perItem).toHaveLength(items);
  await expectExactCounters(db, ref);
}

export async function expectExactCounters(
  db: Database,
  ref: { workspaceId: string; batchId: string },
): Promise<void> {
  const recount = await recountBatch(db, ref);
  expect(recount?.stored).toEqual(recount?.actual);
  expect(recount?.consistent).toBe(true);
}

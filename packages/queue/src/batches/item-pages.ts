// Walks a batch's items of some statuses in position order, a page at a time, so 10 000-item
// batches never load at once.
import { type BatchItem, type BatchItemStatus, type Database, listBatchItems } from "@parley/db";

export async function* batchItemPages(
  db: Database,
  ref: { workspaceId: string; batchId: string },
  statuses: readonly BatchItemStatus[],
  pageSize = 1000,
): AsyncGenerator<BatchItem[]> {
  let afterPosition: number | undefined;
  for (;;) {
    const page = await listBatchItems(db, {
      ...ref,
      statuses,
      limit: pageSize,
      ...(afterPosition === undefined ? {} : { afterPosition }),
    });
    if (page.length === 0) return;
    yield page;
    afterPosition = page.at(-1)?.position;
  }
}

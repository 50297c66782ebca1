// Puts a batch's queued items on the queue: one generation job per item in real-time mode (the
// batch's concurrency enforced across every worker by its pg-boss group), or one submission job
// in Message Batches mode.
import type { BatchJob, Database } from "@parley/db";
import { PRIORITY_LEVELS } from "../catalog.ts";
import type { Queue } from "../queue.ts";
import { generationJobSendOptions } from "./generation-send-options.ts";
import { batchItemPages } from "./item-pages.ts";

export async function enqueueQueuedItems(
  db: Database,
  queue: Queue,
  batch: BatchJob,
): Promise<number> {
  if (batch.providerMode === "message_batches") {
    await queue.send(
      "message-batches.submit",
      { workspaceId: batch.workspaceId, batchId: batch.id },
      { priority: PRIORITY_LEVELS[batch.priority] },
    );
    return batch.queuedItems;
  }
  let enqueued = 0;
  const ref = { workspaceId: batch.workspaceId, batchId: batch.id };
  for await (const items of batchItemPages(db, ref, ["queued"])) {
    await queue.sendMany(
      "generation.item",
      items.map((item) => ({
        payload: { ...ref, itemId: item.id },
        options: generationJobSendOptions(batch),
      })),
    );
    enqueued += items.length;
  }
  return enqueued;
}

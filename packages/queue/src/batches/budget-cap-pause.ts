// The reason a batch shows when its budget cap pauses it, naming the ways to raise the cap
// (both the real-time worker and the Message Batches submitter pause with it).

export function budgetCapPauseReason(batch: {
  id: string;
  capUsd: number;
  spentUsd: number;
  reservedUsd: number;
}): string {
  return `Budget cap of $${batch.capUsd.toFixed(2)} reached: $${batch.spentUsd.toFixed(2)} spent and $${batch.reservedUsd.toFixed(2)} reserved by items in flight. Raise the cap ("Change concurrency or budget cap" on the batch page, or \`parley batch update ${batch.id} --budget <dollars>\`), then resume.`;
}

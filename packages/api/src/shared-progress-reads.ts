// One database read of a batch's progress serves every caller waiting for it: the live streams
// woken by the same change and the polls that arrive meanwhile share it, instead of each running
// its own query (200 streams on one batch made every change 200 reads).
import { type BatchProgress, type Database, getBatchProgress } from "@parley/db";

interface Read {
  /** `performance.now()` when the query was sent. */
  startedAt: number;
  progress: Promise<BatchProgress | undefined>;
}

// Per database (tests open several), per workspace and batch: the read now in flight.
const readsInFlight = new WeakMap<Database, Map<string, Read>>();

/**
 * The batch's progress as of `since` or later: joins a read sent at or after `since` (it sees
 * every change committed before then), otherwise sends one. Pass the change's `receivedAt` for a
 * stream woken by a change, `performance.now()` for a fresh read.
 */
export function readProgressSince(
  db: Database,
  ref: { workspaceId: string; batchId: string },
  since: number,
): Promise<BatchProgress | undefined> {
  let reads = readsInFlight.get(db);
  if (!reads) {
    reads = new Map();
    readsInFlight.set(db, reads);
  }
  const key = `${ref.workspaceId}/${ref.batchId}`;
  const current = reads.get(key);
  if (current && current.startedAt >= since) return current.progress;
  const read: Read = { startedAt: performance.now(), progress: getBatchProgress(db, ref) };
  reads.set(key, read);
  const forget = () => {
    if (reads.get(key) === read) reads.delete(key);
  };
  read.progress.then(forget, forget);
  return read.progress;
}

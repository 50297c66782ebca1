// What a progress display shows, derived from the stored batch progress: rate, elapsed time,
// time remaining and cost against the estimate. Shared by the web app and `parley batch watch`.
import type { BatchProgress } from "@parley/db";

export interface ProgressView extends BatchProgress {
  elapsedMs: number;
  itemsPerMinute: number | null;
  /** Time left at the current rate; null until the first item finishes or once done. */
  etaMs: number | null;
  inFlight: number;
  remaining: number;
  costVsEstimate: number | null;
  done: boolean;
  /**
   * Output tokens of the batch's provider calls per second of its running time (start to finish,
   * or to now; paused time included); null before any time has passed or any token came back.
   */
  outputTokensPerSecond: number | null;
  /** Of the finished items, the share that succeeded: succeeded / (succeeded + failed), 0–1. */
  successRate: number | null;
}

export function progressView(progress: BatchProgress, now: Date = new Date()): ProgressView {
  const start = progress.startedAt ?? progress.createdAt;
  const end = progress.completedAt ?? now;
  const elapsedMs = Math.max(0, end.getTime() - start.getTime());
  const attempted = progress.counts.succeeded + progress.counts.failed;
  const itemsPerMinute = attempted > 0 && elapsedMs > 0 ? (attempted / elapsedMs) * 60_000 : null;
  const remaining = progress.counts.queued + progress.counts.processing;
  const done = ["completed", "failed", "cancelled"].includes(progress.status);
  return {
    ...progress,
    elapsedMs,
    itemsPerMinute: itemsPerMinute === null ? null : Math.round(itemsPerMinute * 10) / 10,
    etaMs:
      done || !itemsPerMinute || remaining === 0
        ? null
        : Math.round((remaining / itemsPerMinute) * 60_000),
    inFlight: progress.counts.processing,
    remaining,
    costVsEstimate:
      progress.estimatedCostUsd && progress.estimatedCostUsd > 0
        ? progress.actualCostUsd / progress.estimatedCostUsd
        : null,
    done,
    outputTokensPerSecond:
      elapsedMs > 0 && progress.outputTokens > 0
        ? Math.round((progress.outputTokens / elapsedMs) * 10_000) / 10
        : null,
    successRate: attempted > 0 ? progress.counts.succeeded / attempted : null,
  };
}

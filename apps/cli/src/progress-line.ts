// One line of batch progress for a terminal: a bar, counts, rate, time left and cost.
import type { ProgressView } from "@parley/queue";

const WIDTH = 30;

function duration(ms: number | null): string {
  if (ms === null) return "—";
  const seconds = Math.round(ms / 1000);
  return seconds < 60
    ? `${seconds}s`
    : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`;
}

export function renderProgressLine(view: ProgressView): string {
  const filled = Math.round((view.percentComplete / 100) * WIDTH);
  const bar = `${"█".repeat(filled)}${"░".repeat(WIDTH - filled)}`;
  const parts = [
    `${bar} ${view.percentComplete.toFixed(0)}%`,
    `${view.finished}/${view.total}`,
    `✓${view.counts.succeeded} ✗${view.counts.failed}`,
    `${view.inFlight} in flight`,
    view.itemsPerMinute === null ? "" : `${view.itemsPerMinute}/min`,
    view.done ? `took ${duration(view.elapsedMs)}` : `ETA ${duration(view.etaMs)}`,
    `$${view.actualCostUsd.toFixed(4)}${view.estimatedCostUsd ? ` of ~$${view.estimatedCostUsd.toFixed(2)}` : ""}`,
    view.status,
    view.simulated ? "(simulated)" : "",
  ];
  return parts.filter(Boolean).join("  ");
}

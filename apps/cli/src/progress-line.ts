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

function bar(fraction: number): string {
  const filled = Math.round(Math.min(Math.max(fraction, 0), 1) * WIDTH);
  return `${"█".repeat(filled)}${"░".repeat(WIDTH - filled)}`;
}

const EXPORT_PHASES = {
  planning: "planning the split",
  writing: "writing",
  archiving: "archiving",
  pushing: "pushing to the Hub",
} as const;

/** One line of export progress: a bar, conversations read of the total, rate and phase. */
export function renderExportProgressLine(
  progress: { phase: keyof typeof EXPORT_PHASES; done: number; total: number },
  elapsedMs: number,
): string {
  const fraction = progress.total > 0 ? progress.done / progress.total : 1;
  const perSecond = elapsedMs > 0 ? Math.round((progress.done / elapsedMs) * 1000) : 0;
  return [
    `${bar(fraction)} ${(fraction * 100).toFixed(0)}%`,
    `${progress.done}/${progress.total}`,
    `${perSecond}/s`,
    EXPORT_PHASES[progress.phase],
    duration(elapsedMs),
  ].join("  ");
}

export function renderProgressLine(view: ProgressView): string {
  const parts = [
    `${bar(view.percentComplete / 100)} ${view.percentComplete.toFixed(0)}%`,
    `${view.finished}/${view.total}`,
    `✓${view.counts.succeeded} ✗${view.counts.failed}`,
    `${view.inFlight} in flight`,
    view.itemsPerMinute === null ? "" : `${view.itemsPerMinute}/min`,
    view.outputTokensPerSecond === null ? "" : `${view.outputTokensPerSecond} output tok/s`,
    view.successRate === null ? "" : `${(view.successRate * 100).toFixed(1)}% succeeded`,
    view.done ? `took ${duration(view.elapsedMs)}` : `ETA ${duration(view.etaMs)}`,
    `$${view.actualCostUsd.toFixed(4)}${view.estimatedCostUsd ? ` of ~$${view.estimatedCostUsd.toFixed(2)}` : ""}`,
    view.status,
    view.simulated ? "(simulated)" : "",
  ];
  return parts.filter(Boolean).join("  ");
}

// Display formatting shared by the pages: money, durations, percentages and statuses.
export function formatUsd(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return value < 1 ? `$${value.toFixed(4)}` : `$${value.toFixed(2)}`;
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

export function formatDate(value: Date | string): string {
  return new Date(value).toLocaleString();
}

const STATUS_TONE: Record<string, "ok" | "warn" | "bad" | ""> = {
  completed: "ok",
  succeeded: "ok",
  approved: "ok",
  generated: "ok",
  processing: "",
  queued: "",
  paused: "warn",
  pending_review: "warn",
  needs_revision: "warn",
  failed: "bad",
  rejected: "bad",
  cancelled: "bad",
};

export function statusTone(status: string): string {
  return STATUS_TONE[status] ?? "";
}

export function humanize(value: string): string {
  return value.replaceAll("_", " ");
}

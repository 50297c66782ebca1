// What an export left out and why: near-duplicates (left out by default), status and quality
// filters, conversations archived by hand, and conversations a format cannot hold, each with the flag or option that keeps
// them. The CLI, the exports page and the dataset card say it in the same words.

export type LeftOutReason = "near_duplicates" | "status" | "quality" | "archived" | "format";

export interface LeftOutGroup {
  reason: LeftOutReason;
  count: number;
}

export interface ExportSelectionSummary {
  /** Conversations the export's filters matched (near-duplicates excluded unless asked for). */
  matched: number;
  /** Rows written. */
  written: number;
  /** Each reason counted on its own: a conversation can be left out for more than one. */
  leftOut: LeftOutGroup[];
}

export type LeftOutAudience = "cli" | "web" | "card";

const KEEP: Record<LeftOutReason, Record<LeftOutAudience, string | null>> = {
  near_duplicates: {
    cli: "--include-duplicates keeps them",
    web: "tick “Include near-duplicates” to keep them",
    card: "left out by default; `--include-duplicates` or the export form's “Include near-duplicates” keeps them",
  },
  status: {
    cli: "--status selects statuses",
    web: "the Status filter selects them",
    card: "outside the status filter",
  },
  quality: {
    cli: "--min-quality / --max-quality set the bounds",
    web: "the quality bounds select them",
    card: "outside the quality bounds",
  },
  archived: {
    cli: "`parley conversations restore ID...` brings them back",
    web: "restore them from Conversations → Archived",
    card: "archived by hand; restoring them brings them back",
  },
  format: { cli: null, web: null, card: null },
};

const WHAT: Record<LeftOutReason, (count: number) => string> = {
  near_duplicates: (n) => `${n} near-duplicate${n === 1 ? "" : "s"}`,
  status: (n) => `${n} with another status`,
  quality: (n) => `${n} outside the quality bounds`,
  archived: (n) => `${n} archived`,
  format: (n) => `${n} the format cannot hold`,
};

/** One line, e.g. "matched 100, wrote 95; left out 5 near-duplicates (--include-duplicates keeps them)". */
export function describeExportSelection(
  summary: ExportSelectionSummary,
  audience: LeftOutAudience,
): string {
  const conversations = `${summary.matched} conversation${summary.matched === 1 ? "" : "s"}`;
  // The card is written before the rows are counted, so it speaks of the selection only.
  const head =
    audience === "card"
      ? `The export's filters matched ${conversations}`
      : `matched ${conversations}, wrote ${summary.written}`;
  const groups = summary.leftOut.filter((group) => group.count > 0);
  if (groups.length === 0) return `${head}; nothing was left out${audience === "card" ? "." : ""}`;
  const parts = groups.map((group) => {
    const keep = KEEP[group.reason][audience];
    return `${WHAT[group.reason](group.count)}${keep ? ` (${keep})` : ""}`;
  });
  return `${head}; left out ${parts.join(", ")}${audience === "card" ? "." : ""}`;
}

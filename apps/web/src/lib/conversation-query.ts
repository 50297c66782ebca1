// The conversation filters, sort and page position as URL search parameters, so a filtered view
// can be bookmarked or shared and Back returns to the previous one. Parsing is forgiving: a
// hand-edited URL with a bad value drops that value instead of failing the page.
import type { RouterInputs } from "@parley/api";
import { TIERS } from "@parley/vocabulary";

type ListInput = RouterInputs["conversation"]["list"];
export type ConversationFiltersQuery = NonNullable<ListInput["filters"]>;
export type SortBy = "created" | "quality" | "title";
export type SortDirection = "asc" | "desc";

export const STATUS_OPTIONS = [
  "generated",
  "pending_review",
  "needs_revision",
  "approved",
  "rejected",
  "failed",
  "archived",
] as const;

/** The quality dimensions a filter can name (generation's SCORED_DIMENSIONS), and their levels. */
export const DIMENSION_OPTIONS = [
  "relevance",
  "accuracy",
  "naturalness",
  "methodology",
  "coherence",
  "uniqueness",
] as const;
export const LEVEL_OPTIONS = ["high", "medium", "low"] as const;

export interface ConversationQuery {
  filters: ConversationFiltersQuery;
  sort: { by: SortBy; direction: SortDirection };
  cursor: string | null;
  before: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function oneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

function quality(value: string | null): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 && n <= 10 ? n : undefined;
}

/** `from` and `to` are whole days in the browser's sense of UTC dates; `to` is inclusive. */
function day(value: string | null, endOfDay: boolean): Date | undefined {
  if (!value || !DAY.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime())) return undefined;
  if (endOfDay) date.setUTCDate(date.getUTCDate() + 1);
  return date;
}

export function parseConversationQuery(
  params: URLSearchParams,
  defaults: { sort: { by: SortBy; direction: SortDirection } },
): ConversationQuery {
  const filters: ConversationFiltersQuery = {};
  const statuses = params.getAll("status").filter((s) => oneOf(STATUS_OPTIONS, s));
  if (statuses.length) filters.statuses = statuses;
  const tiers = params.getAll("tier").filter((t) => oneOf(TIERS, t));
  if (tiers.length) filters.tiers = tiers;
  const ids = (name: string) => params.getAll(name).filter((id) => UUID.test(id));
  if (ids("persona").length) filters.personaIds = ids("persona");
  if (ids("arc").length) filters.arcIds = ids("arc");
  if (ids("topic").length) filters.topicIds = ids("topic");
  const batch = params.get("batch");
  if (batch && UUID.test(batch)) filters.batchId = batch;
  const min = quality(params.get("qmin"));
  const max = quality(params.get("qmax"));
  if (min !== undefined) filters.minQuality = min;
  if (max !== undefined && (min === undefined || max >= min)) filters.maxQuality = max;
  const from = day(params.get("from"), false);
  const to = day(params.get("to"), true);
  if (from) filters.createdAfter = from;
  if (to) filters.createdBefore = to;
  const search = params.get("q")?.trim().slice(0, 200);
  if (search) filters.search = search;
  if (params.get("edited") === "1") filters.humanEdited = true;
  const dimension = params.get("dim") ?? "";
  const below = quality(params.get("below"));
  if (oneOf(DIMENSION_OPTIONS, dimension) && below !== undefined)
    filters.dimensionBelow = { dimension, below };
  const confidence = params.getAll("confidence").filter((l) => oneOf(LEVEL_OPTIONS, l));
  if (confidence.length) filters.confidence = confidence;
  const trainingValue = params.getAll("value").filter((l) => oneOf(LEVEL_OPTIONS, l));
  if (trainingValue.length) filters.trainingValue = trainingValue;

  const by = params.get("sort") ?? "";
  const direction = params.get("dir") ?? "";
  return {
    filters,
    sort: {
      by: oneOf(["created", "quality", "title"] as const, by) ? by : defaults.sort.by,
      direction: oneOf(["asc", "desc"] as const, direction) ? direction : defaults.sort.direction,
    },
    cursor: params.get("after"),
    before: params.get("before"),
  };
}

/** The same URL with some parameters replaced (null removes one); the page position resets. */
export function withParams(
  url: { pathname: string; search: string },
  changes: Record<string, string | null>,
  options: { keepPosition?: boolean } = {},
): string {
  const params = new URLSearchParams(url.search);
  if (!options.keepPosition) {
    params.delete("after");
    params.delete("before");
  }
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) params.delete(name);
    else params.set(name, value);
  }
  const query = params.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}

/** Whether any filter (not the sort or page) is set. */
export function hasFilters(query: ConversationQuery): boolean {
  return Object.keys(query.filters).length > 0;
}

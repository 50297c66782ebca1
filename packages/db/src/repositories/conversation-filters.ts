// The conversation filters shared by the list, its count and the export stream. Plain data
// (dates may be ISO strings), so an export can store them as jsonb and replay them later.

import type { Level, ScoredDimension } from "@parley/generation";
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from "kysely";
import type { ConversationStatus, Tier } from "../column-values.ts";
import type { DB } from "../schema.ts";

export interface ConversationFilters {
  /** Default: every status except `archived`. */
  statuses?: readonly ConversationStatus[];
  tiers?: readonly Tier[];
  personaIds?: readonly string[];
  arcIds?: readonly string[];
  topicIds?: readonly string[];
  edgeCaseIds?: readonly string[];
  batchId?: string;
  /** Inclusive 0–10 bounds; unscored conversations never match a quality bound. */
  minQuality?: number;
  maxQuality?: number;
  createdAfter?: Date | string;
  createdBefore?: Date | string;
  /** Case-insensitive substring of the title, the summary or the readable id. */
  search?: string;
  simulated?: boolean;
  humanEdited?: boolean;
  /**
   * false leaves out conversations marked as a near-duplicate of another that is still live. Unset, the list shows
   * them (a reviewer deals with them) and exports leave them out (conversation-export-stream.ts).
   */
  includeDuplicates?: boolean;
  /** Only these conversations (a selection made in the browser), still subject to the rest. */
  ids?: readonly string[];
  /**
   * A quality dimension scored under `below` (e.g. accuracy below 6). Conversations without
   * dimensions, or where that one could not be scored, never match.
   */
  dimensionBelow?: { dimension: ScoredDimension; below: number };
  /** The dimensions' confidence is one of these. */
  confidence?: readonly Level[];
  /** The dimensions' training value is one of these. */
  trainingValue?: readonly Level[];
  /**
   * true: only the conversations a user archived by hand (the Archived view), whatever their
   * status filter. Otherwise those are left out everywhere, even when `archived` is a status
   * asked for (that status then means versions replaced by a regeneration).
   */
  archivedByHand?: boolean;
}

/** Must stay the expression of the conversations_search_idx trigram index. */
const SEARCH_TEXT = sql<string>`(conversations.title || ' ' || conversations.summary)`;

/** `%` and `_` typed in the search box are literal characters, not wildcards. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

type ConversationScope = ExpressionBuilder<DB, "conversations">;

export function conversationFilterExpression(
  eb: ConversationScope,
  workspaceId: string,
  filters: ConversationFilters = {},
): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [eb("conversations.workspaceId", "=", workspaceId)];
  if (filters.archivedByHand === true) {
    conditions.push(eb("conversations.archivedAt", "is not", null));
  } else {
    conditions.push(eb("conversations.archivedAt", "is", null));
    if (filters.statuses?.length) {
      conditions.push(eb("conversations.status", "in", filters.statuses));
    } else conditions.push(eb("conversations.status", "<>", "archived"));
  }
  if (filters.tiers?.length) conditions.push(eb("conversations.tier", "in", filters.tiers));
  if (filters.personaIds?.length)
    conditions.push(eb("conversations.personaId", "in", filters.personaIds));
  if (filters.arcIds?.length) conditions.push(eb("conversations.arcId", "in", filters.arcIds));
  if (filters.topicIds?.length)
    conditions.push(eb("conversations.topicId", "in", filters.topicIds));
  if (filters.edgeCaseIds?.length) {
    conditions.push(eb("conversations.edgeCaseId", "in", filters.edgeCaseIds));
  }
  if (filters.batchId) conditions.push(eb("conversations.batchId", "=", filters.batchId));
  if (filters.minQuality !== undefined) {
    conditions.push(eb("conversations.qualityScore", ">=", filters.minQuality));
  }
  if (filters.maxQuality !== undefined) {
    conditions.push(eb("conversations.qualityScore", "<=", filters.maxQuality));
  }
  if (filters.createdAfter !== undefined) {
    conditions.push(eb("conversations.createdAt", ">=", new Date(filters.createdAfter)));
  }
  if (filters.createdBefore !== undefined) {
    conditions.push(eb("conversations.createdAt", "<", new Date(filters.createdBefore)));
  }
  if (filters.search?.trim()) {
    // Readable ids (fp_<persona>_<###>) match too, through their own trigram index.
    const pattern = likePattern(filters.search.trim());
    conditions.push(
      sql<SqlBool>`(${SEARCH_TEXT} ilike ${pattern} or conversations.readable_id ilike ${pattern})`,
    );
  }
  if (filters.simulated !== undefined)
    conditions.push(eb("conversations.simulated", "=", filters.simulated));
  if (filters.humanEdited !== undefined) {
    conditions.push(eb("conversations.isHumanEdited", "=", filters.humanEdited));
  }
  if (filters.includeDuplicates === false) {
    // A duplicate stands in for its original once that one is archived (regenerated away):
    // otherwise neither would reach the dataset.
    conditions.push(
      eb.or([
        eb("conversations.duplicateOf", "is", null),
        eb.not(
          eb.exists(
            eb
              .selectFrom("conversations as original")
              .select(sql`1`.as("one"))
              .whereRef("original.id", "=", "conversations.duplicateOf")
              .where("original.status", "<>", "archived"),
          ),
        ),
      ]),
    );
  }
  if (filters.dimensionBelow) {
    const { dimension, below } = filters.dimensionBelow;
    conditions.push(
      sql<SqlBool>`(conversations.quality_dimensions -> ${dimension} ->> 'score')::numeric < ${below}`,
    );
  }
  if (filters.confidence?.length) {
    conditions.push(
      sql<SqlBool>`conversations.quality_dimensions -> 'confidence' ->> 'level' in (${sql.join(filters.confidence)})`,
    );
  }
  if (filters.trainingValue?.length) {
    conditions.push(
      sql<SqlBool>`conversations.quality_dimensions -> 'trainingValue' ->> 'level' in (${sql.join(filters.trainingValue)})`,
    );
  }
  if (filters.ids !== undefined) {
    // An empty selection selects nothing, never everything.
    conditions.push(
      filters.ids.length > 0 ? eb("conversations.id", "in", filters.ids) : sql<SqlBool>`false`,
    );
  }
  return eb.and(conditions);
}

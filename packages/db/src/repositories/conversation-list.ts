// The conversation list: filtered, sorted, paginated (keyset by default, offset if asked),
// with the names of what each conversation was generated from. Kept fast at 100 000 rows by
// the conversations_*_idx indexes, whose column order matches the sorts offered here.
import { type Kysely, type RawBuilder, sql } from "kysely";
import { decodeCursor, encodeCursor } from "../keyset-cursor.ts";
import type { Conversation, DB } from "../schema.ts";
import { type ConversationFilters, conversationFilterExpression } from "./conversation-filters.ts";

export type ConversationSortField = "createdAt" | "updatedAt" | "qualityScore" | "title";

export interface ConversationSort {
  by: ConversationSortField;
  direction: "asc" | "desc";
}

export interface ListConversationsOptions {
  workspaceId: string;
  filters?: ConversationFilters;
  /** Default: newest first. */
  sort?: ConversationSort;
  /** Default 50, at most 500. */
  limit?: number;
  /** Keyset pagination: the previous page's `nextCursor` (the rows after it). */
  cursor?: string | null;
  /** Keyset pagination backwards: a page's `prevCursor` (the rows before it); wins over cursor. */
  before?: string | null;
  /** Offset pagination (page numbers); ignored when a cursor is given. */
  offset?: number;
  /** Also count all matching rows (one more query). */
  withTotal?: boolean;
}

export type ConversationListItem = Conversation & {
  personaName: string | null;
  arcName: string | null;
  topicName: string | null;
  edgeCaseName: string | null;
};

export interface ConversationPage {
  items: ConversationListItem[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** Pass back as `before` for the previous page; null on the first page. */
  prevCursor: string | null;
  total?: number;
}

/** The ORDER BY expression per sort; quality treats "not scored" as below every score. */
const SORT_EXPRESSION: Record<
  ConversationSortField,
  { expression: RawBuilder<unknown>; type: string }
> = {
  createdAt: { expression: sql`conversations.created_at`, type: "timestamptz" },
  updatedAt: { expression: sql`conversations.updated_at`, type: "timestamptz" },
  qualityScore: { expression: sql`coalesce(conversations.quality_score, -1)`, type: "numeric" },
  title: { expression: sql`conversations.title`, type: "text" },
};

export async function listConversations(
  db: Kysely<DB>,
  options: ListConversationsOptions,
): Promise<ConversationPage> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
  const sort = options.sort ?? { by: "createdAt", direction: "desc" };
  const { expression, type } = SORT_EXPRESSION[sort.by];
  const backwards = Boolean(options.before);
  const after = options.before
    ? decodeCursor(options.before)
    : options.cursor
      ? decodeCursor(options.cursor)
      : undefined;
  // Going backwards reads the rows before the cursor in reverse order, then flips them back.
  const descending = (sort.direction === "desc") !== backwards;
  const comparison = descending ? sql`<` : sql`>`;
  const direction = descending ? sql`desc` : sql`asc`;
  const offset = after === undefined ? (options.offset ?? 0) : 0;

  const rows = await db
    .selectFrom("conversations")
    .leftJoin("personas", "personas.id", "conversations.personaId")
    .leftJoin("emotional_arcs", "emotional_arcs.id", "conversations.arcId")
    .leftJoin("training_topics", "training_topics.id", "conversations.topicId")
    .leftJoin("edge_cases", "edge_cases.id", "conversations.edgeCaseId")
    .selectAll("conversations")
    .select([
      "personas.name as personaName",
      "emotional_arcs.name as arcName",
      "training_topics.name as topicName",
      "edge_cases.name as edgeCaseName",
      // The sort value as Postgres prints it: exact (microseconds), unlike a JS Date.
      sql<string>`${expression}::text`.as("sortKey"),
    ])
    .where((eb) => conversationFilterExpression(eb, options.workspaceId, options.filters))
    .$if(after !== undefined, (qb) =>
      qb.where(
        sql<boolean>`(${expression}, conversations.id) ${comparison} (${after?.value}::${sql.raw(type)}, ${after?.id}::uuid)`,
      ),
    )
    .orderBy(sql`${expression} ${direction}`)
    .orderBy(sql`conversations.id ${direction}`)
    .limit(limit + 1)
    .$if(offset > 0, (qb) => qb.offset(offset))
    .execute();

  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (backwards) page.reverse();
  const first = page.at(0);
  const last = page.at(-1);
  const items = page.map(({ sortKey: _sortKey, ...item }) => item);
  const position = (row: typeof first) =>
    row ? encodeCursor({ value: row.sortKey, id: row.id }) : null;
  const result: ConversationPage = {
    items,
    // Backwards, the rows after this page are where we came from; forwards, the rows before it.
    nextCursor: backwards || more ? position(last) : null,
    prevCursor: (backwards ? more : after !== undefined || offset > 0) ? position(first) : null,
  };
  if (options.withTotal) {
    result.total = await countConversations(db, {
      workspaceId: options.workspaceId,
      filters: options.filters,
    });
  }
  return result;
}

export async function countConversations(
  db: Kysely<DB>,
  options: { workspaceId: string; filters?: ConversationFilters | undefined },
): Promise<number> {
  const { count } = await db
    .selectFrom("conversations")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where((eb) => conversationFilterExpression(eb, options.workspaceId, options.filters))
    .executeTakeFirstOrThrow();
  return count;
}

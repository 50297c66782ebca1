// The workspace dashboard's numbers: spend per day (from generation_logs, every provider call),
// the quality-score distribution, the review backlog, and the scaffolding with few approved
// conversations. Aggregated in Postgres, so they stay cheap with many conversations.
import { type Kysely, sql } from "kysely";
import type { ConversationStatus } from "../column-values.ts";
import type { DB } from "../schema.ts";

export interface DailySpend {
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  costUsd: number;
  calls: number;
  simulatedCalls: number;
}

/** One entry per UTC day of the last `days` days (today included), zero where nothing ran. */
export async function findDailySpend(
  db: Kysely<DB>,
  options: { workspaceId: string; days?: number },
): Promise<DailySpend[]> {
  const days = Math.max(1, Math.min(366, Math.floor(options.days ?? 30)));
  const result = await sql<DailySpend>`
    with days as (
      select generate_series(
        (now() at time zone 'UTC')::date - ${days - 1}::int,
        (now() at time zone 'UTC')::date,
        interval '1 day'
      )::date as day
    ), spend as (
      select (created_at at time zone 'UTC')::date as day,
             sum(cost_usd)::float8 as cost_usd,
             count(*)::int as calls,
             count(*) filter (where simulated)::int as simulated_calls
      from generation_logs
      where workspace_id = ${options.workspaceId}
        and created_at >= ((now() at time zone 'UTC')::date - ${days - 1}::int)::timestamp at time zone 'UTC'
      group by 1
    )
    select to_char(days.day, 'YYYY-MM-DD') as day,
           coalesce(spend.cost_usd, 0)::float8 as cost_usd,
           coalesce(spend.calls, 0)::int as calls,
           coalesce(spend.simulated_calls, 0)::int as simulated_calls
    from days left join spend on spend.day = days.day
    order by days.day
  `.execute(db);
  return result.rows;
}

export interface QualityDistribution {
  /** Ten buckets: [0,1), [1,2), … [9,10]; a 10 counts in the last. */
  buckets: { from: number; to: number; count: number }[];
  /** Live conversations without a score (failed, still generating, imported). */
  unscored: number;
  average: number | null;
}

/** Over live (not archived) conversations. */
export async function findQualityDistribution(
  db: Kysely<DB>,
  options: { workspaceId: string },
): Promise<QualityDistribution> {
  const rows = await db
    .selectFrom("conversations")
    .select([
      // least() skips nulls, so unscored rows are kept apart explicitly.
      sql<
        number | null
      >`case when quality_score is null then null else least(floor(quality_score), 9)::int end`.as(
        "bucket",
      ),
      (eb) => eb.fn.countAll<number>().as("count"),
    ])
    .where("workspaceId", "=", options.workspaceId)
    .where("status", "<>", "archived")
    .groupBy(sql`1`)
    .execute();
  const average = await db
    .selectFrom("conversations")
    .select(sql<number | null>`avg(quality_score)::float8`.as("average"))
    .where("workspaceId", "=", options.workspaceId)
    .where("status", "<>", "archived")
    .executeTakeFirst();
  const counts = new Map(rows.map((row) => [row.bucket, Number(row.count)]));
  return {
    buckets: Array.from({ length: 10 }, (_, from) => ({
      from,
      to: from + 1,
      count: counts.get(from) ?? 0,
    })),
    unscored: counts.get(null) ?? 0,
    average: average?.average ?? null,
  };
}

/** How many live conversations sit in each status (archived ones are left out). */
export async function findReviewBacklog(
  db: Kysely<DB>,
  options: { workspaceId: string },
): Promise<Partial<Record<ConversationStatus, number>>> {
  const rows = await db
    .selectFrom("conversations")
    .select(["status", (eb) => eb.fn.countAll<number>().as("count")])
    .where("workspaceId", "=", options.workspaceId)
    .where("status", "<>", "archived")
    .groupBy("status")
    .execute();
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
}

export type CoverageKind = "persona" | "arc" | "topic";

export interface CoverageGap {
  kind: CoverageKind;
  id: string;
  name: string;
  approved: number;
  /** Live conversations of any status. */
  total: number;
}

/**
 * Active personas, arcs and topics with fewer than `minApproved` approved conversations, the
 * least covered first: what the next batch should add.
 */
export async function findCoverageGaps(
  db: Kysely<DB>,
  options: { workspaceId: string; minApproved?: number; limit?: number },
): Promise<CoverageGap[]> {
  const minApproved = options.minApproved ?? 3;
  const limit = options.limit ?? 50;
  const result = await sql<CoverageGap>`
    with items as (
      select 'persona' as kind, id, name from personas
        where workspace_id = ${options.workspaceId} and retired_at is null
      union all
      select 'arc', id, name from emotional_arcs
        where workspace_id = ${options.workspaceId} and retired_at is null
      union all
      select 'topic', id, name from training_topics
        where workspace_id = ${options.workspaceId} and retired_at is null
    ), live as (
      select persona_id, arc_id, topic_id, status from conversations
      where workspace_id = ${options.workspaceId} and status <> 'archived'
    ), counts as (
      select 'persona' as kind, persona_id as id, status from live where persona_id is not null
      union all
      select 'arc', arc_id, status from live where arc_id is not null
      union all
      select 'topic', topic_id, status from live where topic_id is not null
    )
    select items.kind, items.id, items.name,
           count(counts.id) filter (where counts.status = 'approved')::int as approved,
           count(counts.id)::int as total
    from items left join counts on counts.kind = items.kind and counts.id = items.id
    group by items.kind, items.id, items.name
    having count(counts.id) filter (where counts.status = 'approved') < ${minApproved}
    order by approved, total, items.kind, items.name
    limit ${limit}
  `.execute(db);
  return result.rows;
}

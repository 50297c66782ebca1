// The log of every provider call (request, response, tokens, cost, errors), and the per-tier
// token profile the estimator learns from it. Logs are append-only; a trigger adds each call's
// cost to its batch.
import { type Kysely, sql } from "kysely";
import type { GenerationLogPurpose, GenerationLogStatus, Tier } from "../column-values.ts";
import { jsonbOrNull } from "../jsonb.ts";
import type { DB, GenerationLog } from "../schema.ts";

export interface InsertGenerationLogOptions {
  workspaceId: string;
  batchId?: string | null;
  batchItemId?: string | null;
  conversationId?: string | null;
  providerBatchId?: string | null;
  tier?: Tier | null;
  attempt?: number;
  model: string;
  request?: unknown;
  response?: unknown;
  /** The model's output as received, kept even when it failed to parse. */
  rawText?: string | null;
  inputTokens?: number;
  outputTokens?: number;
  cacheCreationTokens?: number;
  cacheReadTokens?: number;
  costUsd?: number;
  durationMs?: number | null;
  status: GenerationLogStatus;
  errorCode?: string | null;
  errorMessage?: string | null;
  /** The provider's request id, for support tickets. */
  requestId?: string | null;
  simulated?: boolean;
  /** Default `generation`; `judge` for an LLM-judge call. */
  purpose?: GenerationLogPurpose;
}

export function insertGenerationLog(
  db: Kysely<DB>,
  options: InsertGenerationLogOptions,
): Promise<GenerationLog> {
  return db
    .insertInto("generation_logs")
    .values({
      workspaceId: options.workspaceId,
      batchId: options.batchId ?? null,
      batchItemId: options.batchItemId ?? null,
      conversationId: options.conversationId ?? null,
      providerBatchId: options.providerBatchId ?? null,
      tier: options.tier ?? null,
      attempt: options.attempt ?? 1,
      model: options.model,
      request: jsonbOrNull(options.request) ?? null,
      response: jsonbOrNull(options.response) ?? null,
      rawText: options.rawText ?? null,
      inputTokens: options.inputTokens ?? 0,
      outputTokens: options.outputTokens ?? 0,
      cacheCreationTokens: options.cacheCreationTokens ?? 0,
      cacheReadTokens: options.cacheReadTokens ?? 0,
      costUsd: options.costUsd ?? 0,
      durationMs: options.durationMs ?? null,
      status: options.status,
      errorCode: options.errorCode ?? null,
      errorMessage: options.errorMessage ?? null,
      requestId: options.requestId ?? null,
      simulated: options.simulated ?? false,
      purpose: options.purpose ?? "generation",
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface ListGenerationLogsOptions {
  workspaceId: string;
  conversationId?: string;
  batchId?: string;
  batchItemId?: string;
  status?: GenerationLogStatus;
  /** Only logs created before this time (the previous page's last `created_at`). */
  before?: Date;
  /** Default 50. */
  limit?: number;
}

/** Newest first. */
export function listGenerationLogs(
  db: Kysely<DB>,
  options: ListGenerationLogsOptions,
): Promise<GenerationLog[]> {
  return db
    .selectFrom("generation_logs")
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .$if(options.conversationId !== undefined, (qb) =>
      qb.where("conversationId", "=", options.conversationId ?? ""),
    )
    .$if(options.batchId !== undefined, (qb) => qb.where("batchId", "=", options.batchId ?? ""))
    .$if(options.batchItemId !== undefined, (qb) =>
      qb.where("batchItemId", "=", options.batchItemId ?? ""),
    )
    .$if(options.status !== undefined, (qb) => qb.where("status", "=", options.status ?? "failed"))
    .$if(options.before !== undefined, (qb) =>
      qb.where("createdAt", "<", options.before ?? new Date()),
    )
    .orderBy("createdAt", "desc")
    .orderBy("id", "desc")
    .limit(options.limit ?? 50)
    .execute();
}

export interface TierTokenProfile {
  tier: Tier;
  /** Successful calls averaged over. */
  calls: number;
  avgInputTokens: number;
  avgOutputTokens: number;
  avgCacheCreationTokens: number;
  avgCacheReadTokens: number;
  avgDurationMs: number | null;
  avgCostUsd: number;
}

/**
 * Average tokens, duration and cost per successful call, per tier: the learned profile the
 * estimator prefers to its built-in defaults once a tier has history. Tiers without
 * successful calls are absent.
 */
export async function getTokenAveragesByTier(
  db: Kysely<DB>,
  options: { workspaceId: string; since?: Date; model?: string; includeSimulated?: boolean },
): Promise<TierTokenProfile[]> {
  const rows = await db
    .selectFrom("generation_logs")
    .select([
      "tier",
      (eb) => eb.fn.countAll<number>().as("calls"),
      sql<number>`avg(input_tokens)::float8`.as("avgInputTokens"),
      sql<number>`avg(output_tokens)::float8`.as("avgOutputTokens"),
      sql<number>`avg(cache_creation_tokens)::float8`.as("avgCacheCreationTokens"),
      sql<number>`avg(cache_read_tokens)::float8`.as("avgCacheReadTokens"),
      sql<number | null>`avg(duration_ms)::float8`.as("avgDurationMs"),
      sql<number>`avg(cost_usd)::float8`.as("avgCostUsd"),
    ])
    .where("workspaceId", "=", options.workspaceId)
    .where("status", "=", "succeeded")
    // Judge calls are billed to the batch but say nothing about a conversation's length.
    .where("purpose", "=", "generation")
    .where("tier", "is not", null)
    .$if(options.since !== undefined, (qb) =>
      qb.where("createdAt", ">=", options.since ?? new Date(0)),
    )
    .$if(options.model !== undefined, (qb) => qb.where("model", "=", options.model ?? ""))
    // Simulated calls say nothing about the real model's lengths unless asked for.
    .$if(!options.includeSimulated, (qb) => qb.where("simulated", "=", false))
    .groupBy("tier")
    .orderBy("tier")
    .execute();
  return rows.map((row) => ({
    tier: row.tier as Tier,
    calls: row.calls,
    avgInputTokens: row.avgInputTokens,
    avgOutputTokens: row.avgOutputTokens,
    avgCacheCreationTokens: row.avgCacheCreationTokens,
    avgCacheReadTokens: row.avgCacheReadTokens,
    avgDurationMs: row.avgDurationMs,
    avgCostUsd: row.avgCostUsd,
  }));
}

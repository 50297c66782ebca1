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
      workspace_id: options.workspaceId,
      batch_id: options.batchId ?? null,
      batch_item_id: options.batchItemId ?? null,
      conversation_id: options.conversationId ?? null,
      provider_batch_id: options.providerBatchId ?? null,
      tier: options.tier ?? null,
      attempt: options.attempt ?? 1,
      model: options.model,
      request: jsonbOrNull(options.request) ?? null,
      response: jsonbOrNull(options.response) ?? null,
      raw_text: options.rawText ?? null,
      input_tokens: options.inputTokens ?? 0,
      output_tokens: options.outputTokens ?? 0,
      cache_creation_tokens: options.cacheCreationTokens ?? 0,
      cache_read_tokens: options.cacheReadTokens ?? 0,
      cost_usd: options.costUsd ?? 0,
      duration_ms: options.durationMs ?? null,
      status: options.status,
      error_code: options.errorCode ?? null,
      error_message: options.errorMessage ?? null,
      request_id: options.requestId ?? null,
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
    .where("workspace_id", "=", options.workspaceId)
    .$if(options.conversationId !== undefined, (qb) =>
      qb.where("conversation_id", "=", options.conversationId ?? ""),
    )
    .$if(options.batchId !== undefined, (qb) => qb.where("batch_id", "=", options.batchId ?? ""))
    .$if(options.batchItemId !== undefined, (qb) =>
      qb.where("batch_item_id", "=", options.batchItemId ?? ""),
    )
    .$if(options.status !== undefined, (qb) => qb.where("status", "=", options.status ?? "failed"))
    .$if(options.before !== undefined, (qb) =>
      qb.where("created_at", "<", options.before ?? new Date()),
    )
    .orderBy("created_at", "desc")
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
      sql<number>`avg(input_tokens)::float8`.as("avg_input_tokens"),
      sql<number>`avg(output_tokens)::float8`.as("avg_output_tokens"),
      sql<number>`avg(cache_creation_tokens)::float8`.as("avg_cache_creation_tokens"),
      sql<number>`avg(cache_read_tokens)::float8`.as("avg_cache_read_tokens"),
      sql<number | null>`avg(duration_ms)::float8`.as("avg_duration_ms"),
      sql<number>`avg(cost_usd)::float8`.as("avg_cost_usd"),
    ])
    .where("workspace_id", "=", options.workspaceId)
    .where("status", "=", "succeeded")
    // Judge calls are billed to the batch but say nothing about a conversation's length.
    .where("purpose", "=", "generation")
    .where("tier", "is not", null)
    .$if(options.since !== undefined, (qb) =>
      qb.where("created_at", ">=", options.since ?? new Date(0)),
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
    avgInputTokens: row.avg_input_tokens,
    avgOutputTokens: row.avg_output_tokens,
    avgCacheCreationTokens: row.avg_cache_creation_tokens,
    avgCacheReadTokens: row.avg_cache_read_tokens,
    avgDurationMs: row.avg_duration_ms,
    avgCostUsd: row.avg_cost_usd,
  }));
}

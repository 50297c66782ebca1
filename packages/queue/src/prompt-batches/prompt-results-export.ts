// A prompts batch's results as a download: detailed JSON (the batch, every result, a summary, as
// the batch-processor spec's JSON export) or CSV with one row per prompt. Streamed from the
// database a page at a time, so memory stays flat; shared by the web download and the CLI.
import {
  type BatchJob,
  type Database,
  findBatch,
  type PromptResult,
  streamPromptResults,
} from "@parley/db";
import { csvRecord } from "@parley/export";
import { AppError, recordedUsd } from "@parley/generation";

export const PROMPT_RESULTS_FORMATS = ["json", "csv"] as const;
export type PromptResultsFormat = (typeof PROMPT_RESULTS_FORMATS)[number];

export const PROMPT_RESULTS_CSV_COLUMNS = [
  "index",
  "id",
  "prompt",
  "response",
  "success",
  "status",
  "tokens_in",
  "tokens_out",
  "duration_ms",
  "cost_usd",
  "error",
  "simulated",
] as const;

export interface PromptResultsExport {
  batch: BatchJob;
  fileName: string;
  contentType: string;
  chunks: AsyncIterable<string>;
}

/** Finds the prompts batch (NOT_FOUND in another workspace) and streams its results. */
export async function exportPromptResults(
  db: Database,
  options: { workspaceId: string; batchId: string; format: PromptResultsFormat },
): Promise<PromptResultsExport> {
  const batch = await findBatch(db, options);
  if (!batch) throw AppError.notFound("Batch", options.batchId);
  if (batch.kind !== "prompts") {
    throw new AppError(
      "BAD_REQUEST",
      "This batch generated conversations, not answers to prompts: export it as a dataset instead.",
    );
  }
  const results = streamPromptResults(db, options);
  const csv = options.format === "csv";
  return {
    batch,
    fileName: `prompt-results-${batch.id.slice(0, 8)}.${options.format}`,
    contentType: csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
    chunks: csv ? csvChunks(batch, results) : jsonChunks(batch, results),
  };
}

const success = (result: PromptResult) => result.status === "succeeded";

async function* csvChunks(
  batch: BatchJob,
  results: AsyncIterable<PromptResult>,
): AsyncIterable<string> {
  yield csvRecord(PROMPT_RESULTS_CSV_COLUMNS);
  for await (const result of results) {
    yield csvRecord([
      result.position,
      result.sourceId,
      result.prompt,
      result.response,
      success(result),
      result.status,
      result.inputTokens,
      result.outputTokens,
      result.durationMs,
      result.costUsd === null ? null : recordedUsd(result.costUsd),
      success(result) ? null : result.error,
      batch.simulated,
    ]);
  }
}

async function* jsonChunks(
  batch: BatchJob,
  results: AsyncIterable<PromptResult>,
): AsyncIterable<string> {
  const config = batch.config as { model?: string; maxTokens?: number; system?: string };
  const job = {
    job_id: batch.id,
    name: batch.name,
    model_id: config.model ?? null,
    max_tokens: config.maxTokens ?? null,
    system: config.system ?? null,
    status: batch.status,
    simulated: batch.simulated,
    total_prompts: batch.totalItems,
    created_at: batch.createdAt.toISOString(),
    completed_at: batch.completedAt?.toISOString() ?? null,
  };
  yield `{"job":${JSON.stringify(job)},"results":[`;
  const summary = { total: 0, completed: 0, failed: 0, tokens_in: 0, tokens_out: 0, cost: 0 };
  for await (const result of results) {
    const row = {
      prompt_index: result.position,
      id: result.sourceId,
      prompt: result.prompt,
      system: result.system ?? config.system ?? null,
      status: result.status,
      success: success(result),
      response_text: result.response,
      stop_reason: result.stopReason,
      model: result.model,
      tokens_input: result.inputTokens,
      tokens_output: result.outputTokens,
      duration_ms: result.durationMs,
      cost_usd: result.costUsd === null ? null : recordedUsd(result.costUsd),
      attempts: result.attempts,
      error_message: success(result) ? null : result.error,
      answered_at: result.answeredAt?.toISOString() ?? null,
    };
    yield `${summary.total === 0 ? "" : ","}${JSON.stringify(row)}`;
    summary.total++;
    if (row.success) summary.completed++;
    if (result.status === "failed") summary.failed++;
    summary.tokens_in += result.inputTokens ?? 0;
    summary.tokens_out += result.outputTokens ?? 0;
    summary.cost += result.costUsd ?? 0;
  }
  yield `],"summary":${JSON.stringify({
    total: summary.total,
    completed: summary.completed,
    failed: summary.failed,
    success_rate:
      summary.total === 0 ? 0 : Math.round((summary.completed / summary.total) * 1000) / 10,
    tokens_input: summary.tokens_in,
    tokens_output: summary.tokens_out,
    // What the answers cost; the batch's actual cost also counts failed attempts.
    answers_cost_usd: recordedUsd(summary.cost),
    batch_cost_usd: recordedUsd(batch.actualCostUsd),
  })}}\n`;
}

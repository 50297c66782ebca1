// What the workspace's answered prompts wrote and took with a model: the history a prompts batch's
// estimate learns from, as conversation estimates learn from generation_logs.
import { type Kysely, sql } from "kysely";
import type { DB } from "../../schema.ts";

export interface PromptAnswerHistory {
  answers: number;
  avgOutputTokens: number | null;
  avgDurationMs: number | null;
}

export async function getPromptAnswerHistory(
  db: Kysely<DB>,
  options: { workspaceId: string; model: string; includeSimulated: boolean },
): Promise<PromptAnswerHistory> {
  const row = await db
    .selectFrom("batch_prompts")
    .innerJoin("batch_jobs", "batch_jobs.id", "batch_prompts.batchId")
    .select([
      (eb) => eb.fn.countAll<string>().as("answers"),
      sql<number | null>`avg(batch_prompts.output_tokens)::float8`.as("avgOutputTokens"),
      sql<number | null>`avg(batch_prompts.duration_ms)::float8`.as("avgDurationMs"),
    ])
    .where("batch_prompts.workspaceId", "=", options.workspaceId)
    .where("batch_prompts.model", "=", options.model)
    .where("batch_prompts.answeredAt", "is not", null)
    // Simulated answers say nothing about the real model's unless asked for.
    .$if(!options.includeSimulated, (qb) => qb.where("batch_jobs.simulated", "=", false))
    .executeTakeFirstOrThrow();
  return {
    answers: Number(row.answers),
    avgOutputTokens: row.avgOutputTokens,
    avgDurationMs: row.avgDurationMs,
  };
}

// The results download of a prompts batch, on the real Postgres: the detailed JSON and the CSV
// carry each prompt's response, tokens, duration, cost and error, in the prompts' order.
import {
  completePromptItem,
  createPromptBatchWithItems,
  failItem,
  markItemProcessing,
} from "@parley/db";
import { createTestDatabase, createTestWorkspace, type TestDatabase } from "@parley/db/testing";
import { parseCsv } from "@parley/export";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportPromptResults, PROMPT_RESULTS_CSV_COLUMNS } from "./prompt-results-export.ts";

let database: TestDatabase;
let workspaceId: string;
let batchId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  workspaceId = (await createTestWorkspace(database.db)).id;
  const batch = await createPromptBatchWithItems(database.db, {
    workspaceId,
    name: "results",
    config: { model: "claude-sonnet-5-5", maxTokens: 200, system: "Be brief." },
    simulated: true,
    prompts: [
      { prompt: 'Say "hi", twice', system: null, sourceId: "greet" },
      { prompt: "This one fails", system: "Own system", sourceId: null },
      { prompt: "Still waiting", system: null, sourceId: null },
    ],
  });
  batchId = batch.id;
  const items = await database.db
    .selectFrom("batch_items")
    .select(["id", "position"])
    .where("batchId", "=", batchId)
    .orderBy("position")
    .execute();
  const [answered, failing] = items;
  if (!answered || !failing) throw new Error("items missing");
  const claim = await markItemProcessing(database.db, { workspaceId, itemId: answered.id });
  if (!claim.claimed) throw new Error("not claimed");
  await completePromptItem(database.db, {
    workspaceId,
    itemId: answered.id,
    leaseToken: claim.item.leaseToken ?? "",
    answer: {
      response: "Hi, hi\nthere",
      stopReason: "end_turn",
      model: "claude-sonnet-5-5",
      inputTokens: 12,
      outputTokens: 5,
      costUsd: 0.000111,
      durationMs: 840,
    },
  });
  await markItemProcessing(database.db, { workspaceId, itemId: failing.id });
  await failItem(database.db, {
    workspaceId,
    itemId: failing.id,
    error: "The request was refused: prompt is too long",
    errorCode: "invalid_request",
  });
});
afterAll(async () => {
  await database?.destroy();
});

async function text(format: "json" | "csv"): Promise<string> {
  const download = await exportPromptResults(database.db, { workspaceId, batchId, format });
  let out = "";
  for await (const chunk of download.chunks) out += chunk;
  return out;
}

describe("prompt results export", () => {
  it("writes detailed JSON: the job, every result and a summary", async () => {
    const exported = JSON.parse(await text("json"));
    expect(exported.job).toMatchObject({
      job_id: batchId,
      model_id: "claude-sonnet-5-5",
      system: "Be brief.",
      total_prompts: 3,
      simulated: true,
    });
    expect(exported.results).toHaveLength(3);
    expect(exported.results[0]).toMatchObject({
      prompt_index: 0,
      id: "greet",
      prompt: 'Say "hi", twice',
      system: "Be brief.",
      success: true,
      response_text: "Hi, hi\nthere",
      tokens_input: 12,
      tokens_output: 5,
      duration_ms: 840,
      cost_usd: 0.000111,
      error_message: null,
    });
    expect(exported.results[1]).toMatchObject({
      system: "Own system",
      status: "failed",
      success: false,
      response_text: null,
      error_message: "The request was refused: prompt is too long",
    });
    expect(exported.results[2]).toMatchObject({ status: "queued", success: false });
    expect(exported.summary).toMatchObject({
      total: 3,
      completed: 1,
      failed: 1,
      success_rate: 33.3,
      tokens_input: 12,
      tokens_output: 5,
      answers_cost_usd: 0.000111,
    });
  });

  it("writes CSV with a header and one row per prompt that a CSV reader reads back", async () => {
    const [header, ...rows] = parseCsv(await text("csv"));
    expect(header).toEqual([...PROMPT_RESULTS_CSV_COLUMNS]);
    expect(rows).toEqual([
      [
        "0",
        "greet",
        'Say "hi", twice',
        "Hi, hi\nthere",
        "true",
        "succeeded",
        "12",
        "5",
        "840",
        "0.000111",
        "",
        "true",
      ],
      [
        "1",
        "",
        "This one fails",
        "",
        "false",
        "failed",
        "",
        "",
        "",
        "",
        "The request was refused: prompt is too long",
        "true",
      ],
      ["2", "", "Still waiting", "", "false", "queued", "", "", "", "", "", "true"],
    ]);
  });

  it("does not find a batch of another workspace", async () => {
    const other = await createTestWorkspace(database.db);
    await expect(
      exportPromptResults(database.db, { workspaceId: other.id, batchId, format: "csv" }),
    ).rejects.toThrow(/was not found/);
  });
});

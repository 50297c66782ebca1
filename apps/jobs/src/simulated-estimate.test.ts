// A newcomer's first batch runs on the simulator, with no history to learn from: its estimate
// must still be close to what the batch then costs, per tier, or the summary reads "−70 % vs
// estimate" and the estimator looks broken.
import { findBatch } from "@parley/db";
import { createBatch, previewBatch } from "@parley/queue";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BatchHarness, openBatchHarness } from "./test-support/batch-harness.ts";
import { isFinished, waitForBatch } from "./test-support/batch-observer.ts";

let harness: BatchHarness;

beforeAll(async () => {
  harness = await openBatchHarness({
    simulatorEnv: { PARLEY_SIM_LATENCY_MS: "20", PARLEY_SIM_SEED: "11" },
  });
});

afterAll(async () => {
  await harness?.close();
});

describe("a simulated batch's first estimate", () => {
  it("is within a quarter of the tokens and cost the batch then uses, tier by tier", async () => {
    const { database, queue, workspaceId } = harness;
    // Judged, so the judge's line is held to what its calls cost too. A ceiling of 3 makes the
    // first wave (the calls that find no prompt cache and write it) the same in the estimate and
    // the run: at the test simulator's zero latency an automatic batch's first calls end before
    // the later ones start, so they find the cache, which real latency would not allow.
    const input = {
      tierCounts: { template: 8, scenario: 8, edge_case: 8 },
      seed: 21,
      llmJudge: true,
      concurrency: 3,
    };
    const { estimate } = await previewBatch(database.db, { workspaceId, input, simulated: true });
    const batch = await createBatch(database.db, queue, { workspaceId, input, simulated: true });
    const done = await waitForBatch(database.db, { workspaceId, batchId: batch.id }, isFinished);
    expect(done.status).toBe("completed");

    const actual = await sql<{ tier: string; input: number; output: number }>`
      select tier, avg(input_tokens + cache_creation_tokens + cache_read_tokens)::float8 as input,
             avg(output_tokens)::float8 as output
      from generation_logs
      where batch_id = ${batch.id} and purpose = 'generation' and status = 'succeeded'
      group by tier order by tier`.execute(database.db);
    for (const row of actual.rows) {
      const tier = estimate.tiers.find((candidate) => candidate.tier === row.tier);
      if (!tier) throw new Error(`no estimate for ${row.tier}`);
      const perItem = {
        input: tier.inputTokens / tier.count,
        output: tier.outputTokens / tier.count,
      };
      expect(Math.abs(perItem.input / row.input - 1), `${row.tier} input`).toBeLessThan(0.25);
      expect(Math.abs(perItem.output / row.output - 1), `${row.tier} output`).toBeLessThan(0.25);
    }
    const judged = await sql<{ calls: number; input: number; output: number }>`
      select count(*)::int as calls, avg(input_tokens)::float8 as input, avg(output_tokens)::float8 as output
      from generation_logs
      where batch_id = ${batch.id} and purpose = 'judge' and status = 'succeeded'`.execute(
      database.db,
    );
    const judgeRow = judged.rows[0];
    const judge = estimate.judge;
    if (!judgeRow || !judge) throw new Error("the batch was judged");
    expect(judgeRow.calls).toBe(24);
    expect(Math.abs(judge.inputTokens / judge.count / judgeRow.input - 1)).toBeLessThan(0.25);
    expect(Math.abs(judge.outputTokens / judge.count / judgeRow.output - 1)).toBeLessThan(0.25);
    const final = await findBatch(database.db, { workspaceId, batchId: batch.id });
    expect(Math.abs(estimate.total.costUsd / (final?.actualCostUsd ?? 1) - 1)).toBeLessThan(0.25);
  });
});

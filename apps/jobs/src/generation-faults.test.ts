// The generation engine through a real worker under trouble: the simulated API refuses a fifth
// of the calls with 429s, overloads on some more, and allows few output tokens a minute. Items
// still all complete, every provider call is logged at the price table's cost, the cached system
// prompt is billed as a cache read, near-duplicates are flagged and left out of exports, and an
// LLM-judged batch stores the judge's scores.
import {
  countConversationsForExport,
  createBatchWithItems,
  ensureDefaultWorkspace,
  findActiveScaffolding,
  findBatch,
  type GenerationLog,
  getTokenAveragesByTier,
  recountBatch,
} from "@parley/db";
import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { getModelPrice, RECORD_JUDGEMENT_TOOL, readQualityDimensions } from "@parley/generation";
import { createBatch, enqueueQueuedItems, openQueue, type Queue } from "@parley/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningWorker, startWorker } from "./worker.ts";

let database: TestDatabase;
let queue: Queue;
let worker: RunningWorker;
let workspaceId: string;

/**
 * Below the ~24 000 tokens 30 simulated conversations write; and each call reserves its
 * max_tokens (6 000–10 000) until it is done, so only two or three fit at once.
 */
const OUTPUT_TOKENS_PER_MINUTE = 22_000;

beforeAll(async () => {
  database = await createTestDatabase({ maxConnections: 12 });
  workspaceId = (await ensureDefaultWorkspace(database.db)).workspace.id;
  queue = await openQueue({ databaseUrl: database.url, role: "producer" });
  worker = await startWorker({
    databaseUrl: database.url,
    log: () => {},
    env: {
      PARLEY_SIM_FAULTS: "429=0.2,529=0.05",
      PARLEY_SIM_OTPM: String(OUTPUT_TOKENS_PER_MINUTE),
      PARLEY_SIM_LATENCY_MS: "20",
      PARLEY_SIM_SEED: "11",
    },
  });
});

afterAll(async () => {
  await worker?.stop();
  await queue?.stop({ graceful: false });
  await database?.destroy();
});

async function waitForBatch(batchId: string, timeoutMs = 100_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const batch = await findBatch(database.db, { workspaceId, batchId });
    if (batch && ["completed", "failed", "cancelled", "paused"].includes(batch.status))
      return batch;
    if (Date.now() > deadline) throw new Error(`batch ${batchId} is still ${batch?.status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function logsOf(batchId: string): Promise<GenerationLog[]> {
  return database.db
    .selectFrom("generation_logs")
    .selectAll()
    .where("batchId", "=", batchId)
    .orderBy("createdAt")
    .orderBy("id")
    .execute();
}

/** The price table applied by hand: input, output, cache writes and reads at the model's prices. */
function priceOf(log: GenerationLog): number {
  const price = getModelPrice(log.model);
  return (
    (log.inputTokens * price.inputPerMTok +
      log.cacheCreationTokens * price.cacheWritePerMTok +
      log.cacheReadTokens * price.cacheReadPerMTok +
      log.outputTokens * price.outputPerMTok) /
    1e6
  );
}

/** cost_usd is numeric(12, 6): equal to the price up to its rounding. */
function expectPricedByTable(log: GenerationLog) {
  expect(Math.abs(log.costUsd - priceOf(log))).toBeLessThanOrEqual(5.000001e-7);
}

describe("the prompt cache, through the worker and the database", () => {
  it("bills the first call's system prompt as a cache write and the next ones as cheaper reads", async () => {
    const batch = await createBatch(database.db, queue, {
      workspaceId,
      input: { tierCounts: { template: 4, scenario: 0, edge_case: 0 }, concurrency: 1, seed: 5 },
      simulated: true,
    });
    expect((await waitForBatch(batch.id)).status).toBe("completed");

    const calls = (await logsOf(batch.id)).filter((log) => log.status === "succeeded");
    expect(calls).toHaveLength(4);
    const [first] = calls as [GenerationLog];
    expect(first.cacheCreationTokens).toBeGreaterThan(1_000);
    expect(first.cacheReadTokens).toBe(0);
    // Calls sent once the first answer was back find the prompt cached (a call that overlapped
    // the first one may have written it too).
    const sentAt = (log: GenerationLog) => log.createdAt.getTime() - (log.durationMs ?? 0);
    const later = calls.filter((log) => sentAt(log) > first.createdAt.getTime());
    expect(later.length).toBeGreaterThanOrEqual(2);
    const price = getModelPrice(first.model);
    for (const log of later) {
      expect(log.cacheReadTokens).toBe(first.cacheCreationTokens);
      expect(log.cacheCreationTokens).toBe(0);
      // Reading the cached part costs a small fraction of writing it...
      expect(log.cacheReadTokens * price.cacheReadPerMTok).toBeLessThan(
        (first.cacheCreationTokens * price.cacheWritePerMTok) / 10,
      );
      // ...and the stored cost of the whole call says so.
      const inputCost = (l: GenerationLog) =>
        l.costUsd - (l.outputTokens * getModelPrice(l.model).outputPerMTok) / 1e6;
      expect(inputCost(log)).toBeLessThan(inputCost(first) / 3);
      expectPricedByTable(log);
    }
    expectPricedByTable(first);
  });
});

describe("30 items against 429s, 529s and a low output-token limit", () => {
  it("completes every item, retries the refused calls and logs each at the price table's cost", async () => {
    const started = Date.now();
    const batch = await createBatch(database.db, queue, {
      workspaceId,
      input: { count: 30, concurrency: 6, seed: 42 },
      simulated: true,
    });
    const done = await waitForBatch(batch.id);
    const seconds = (Date.now() - started) / 1000;

    expect(done.status).toBe("completed");
    expect(done.succeededItems).toBe(30);
    expect(done.failedItems).toBe(0);
    const items = await database.db
      .selectFrom("batch_items")
      .select(["status", "lastError", "errorCode"])
      .where("batchId", "=", batch.id)
      .execute();
    expect(items).toHaveLength(30);
    expect(items.every((item) => item.status === "succeeded" && item.lastError === null)).toBe(
      true,
    );

    const logs = await logsOf(batch.id);
    const refused = logs.filter((log) => log.status === "failed");
    const byCode = (code: string) => refused.filter((log) => log.errorCode === code).length;
    // The refusals happened, and each was a retried attempt, never the end of an item.
    expect(byCode("rate_limited")).toBeGreaterThanOrEqual(3);
    expect(byCode("overloaded")).toBeGreaterThanOrEqual(1);
    expect(
      refused.every((log) => ["rate_limited", "overloaded"].includes(log.errorCode ?? "")),
    ).toBe(true);
    const succeeded = logs.filter((log) => log.status === "succeeded");
    expect(succeeded).toHaveLength(30);
    for (const log of refused) {
      const recovered = succeeded.find(
        (s) => s.batchItemId === log.batchItemId && s.attempt > log.attempt,
      );
      expect(recovered, `item ${log.batchItemId} after ${log.errorCode}`).toBeDefined();
      expect(log.costUsd).toBe(0);
    }

    // Every call costs what the price table says for its tokens, and the totals add up.
    for (const log of logs) expectPricedByTable(log);
    // Once a first answer is back, every call reads the system prompt from the cache.
    const sentAt = (log: GenerationLog) => log.createdAt.getTime() - (log.durationMs ?? 0);
    const firstBack = Math.min(...succeeded.map((log) => log.createdAt.getTime()));
    const afterFirst = succeeded.filter((log) => sentAt(log) > firstBack);
    expect(afterFirst.length).toBeGreaterThanOrEqual(20);
    expect(afterFirst.every((log) => log.cacheReadTokens > 0)).toBe(true);
    const total = logs.reduce((sum, log) => sum + log.costUsd, 0);
    expect(done.actualCostUsd).toBeCloseTo(total, 5);
    expect((await recountBatch(database.db, { workspaceId, batchId: batch.id }))?.consistent).toBe(
      true,
    );

    // The output-token limit held: what was written beyond one minute's allowance waited for it.
    const outputTokens = succeeded.reduce((sum, log) => sum + log.outputTokens, 0);
    expect(outputTokens).toBeGreaterThan(OUTPUT_TOKENS_PER_MINUTE);
    expect(seconds).toBeGreaterThanOrEqual(
      ((outputTokens - OUTPUT_TOKENS_PER_MINUTE) / OUTPUT_TOKENS_PER_MINUTE) * 60 * 0.9,
    );
    const overLimit = refused.filter((log) =>
      /organization's rate limit/.test(log.errorMessage ?? ""),
    );
    console.info(
      `30 items in ${seconds.toFixed(1)} s: ${logs.length} calls, ${byCode("rate_limited")} × 429 (${overLimit.length} from the token buckets), ${byCode("overloaded")} × 529, ${outputTokens} output tokens at ${OUTPUT_TOKENS_PER_MINUTE}/min, $${total.toFixed(4)}`,
    );
  });
});

describe("near-duplicates", () => {
  it("flags the second of two items with the same request, and exports leave it out", async () => {
    const scaffolding = await findActiveScaffolding(database.db, { workspaceId });
    const [persona, otherPersona] = scaffolding.personas;
    const [arc] = scaffolding.arcs;
    const [topic] = scaffolding.topics;
    if (!persona || !otherPersona || !arc || !topic) throw new Error("no seeded scaffolding");
    const same = {
      tier: "template" as const,
      personaId: persona.id,
      arcId: arc.id,
      topicId: topic.id,
    };
    const batch = await createBatchWithItems(database.db, {
      workspaceId,
      name: "Two identical requests and one other",
      // A turn count no other batch here uses, so only the twins are alike.
      config: { model: "claude-sonnet-4-5", turnCount: 10 },
      concurrency: 3,
      simulated: true,
      items: [same, same, { ...same, personaId: otherPersona.id }],
    });
    await enqueueQueuedItems(database.db, queue, batch);
    expect((await waitForBatch(batch.id)).status).toBe("completed");

    const conversations = await database.db
      .selectFrom("conversations")
      .innerJoin("batch_items", "batch_items.id", "conversations.batchItemId")
      .select(["conversations.id", "conversations.duplicateOf", "batch_items.personaId"])
      .where("conversations.batchId", "=", batch.id)
      .execute();
    const twins = conversations.filter((c) => c.personaId === persona.id);
    const other = conversations.find((c) => c.personaId === otherPersona.id);
    expect(twins).toHaveLength(2);
    // Stored at the same moment or not, exactly one twin points at the other.
    const flagged = twins.filter((c) => c.duplicateOf !== null);
    expect(flagged).toHaveLength(1);
    expect(flagged[0]?.duplicateOf).toBe(twins.find((c) => c.duplicateOf === null)?.id);
    expect(other?.duplicateOf).toBeNull();

    const scope = { workspaceId, filters: { batchId: batch.id } };
    expect(await countConversationsForExport(database.db, scope)).toBe(2);
    expect(
      await countConversationsForExport(database.db, {
        workspaceId,
        filters: { batchId: batch.id, includeDuplicates: true },
      }),
    ).toBe(3);
  });
});

describe("a batch with the LLM judge on", () => {
  it("logs one judging call per item and stores the dimensions scored from rules and judge", async () => {
    const batch = await createBatch(database.db, queue, {
      workspaceId,
      input: { count: 4, concurrency: 4, seed: 9, llmJudge: true },
      simulated: true,
    });
    const done = await waitForBatch(batch.id);
    expect(done.status).toBe("completed");

    const logs = await logsOf(batch.id);
    const judged = logs.filter((log) => log.purpose === "judge" && log.status === "succeeded");
    expect(judged).toHaveLength(4);
    for (const log of judged) {
      expect(log.request).toMatchObject({ tool_choice: { name: RECORD_JUDGEMENT_TOOL } });
      expect(log.costUsd).toBeGreaterThan(0);
      expectPricedByTable(log);
    }
    // Judge calls are billed to the batch...
    const total = logs.reduce((sum, log) => sum + log.costUsd, 0);
    expect(done.actualCostUsd).toBeCloseTo(total, 5);
    // ...but are not mistaken for conversations by the estimator's learned profile.
    const profile = await getTokenAveragesByTier(database.db, {
      workspaceId,
      includeSimulated: true,
    });
    const generations = await database.db
      .selectFrom("generation_logs")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("workspaceId", "=", workspaceId)
      .where("status", "=", "succeeded")
      .where("purpose", "=", "generation")
      .executeTakeFirstOrThrow();
    expect(profile.reduce((sum, tier) => sum + Number(tier.calls), 0)).toBe(Number(generations.n));

    const conversations = await database.db
      .selectFrom("conversations")
      .select(["id", "status", "qualityScore", "qualityMetrics", "qualityDimensions", "costUsd"])
      .where("batchId", "=", batch.id)
      .execute();
    expect(conversations).toHaveLength(4);
    // A conversation costs its generation and its judging; with nothing billed for failed
    // attempts here (429s and 529s cost nothing), the conversations add up to the batch.
    for (const conversation of conversations) {
      const own = logs.filter((log) => log.conversationId === conversation.id);
      expect(own.some((log) => log.purpose === "judge" && log.costUsd > 0)).toBe(true);
      expect(conversation.costUsd).toBeCloseTo(
        own.reduce((sum, log) => sum + log.costUsd, 0),
        6,
      );
    }
    const conversationsCost = conversations.reduce((sum, c) => sum + c.costUsd, 0);
    expect(conversationsCost).toBeCloseTo(done.actualCostUsd, 5);
    for (const conversation of conversations) {
      const metrics = conversation.qualityMetrics as {
        score: number;
        heuristicScore: number;
        judgeScore: number;
        judgeWeight: number;
        passed: boolean;
        judge: { score: number; criteria: { key: string; score: number }[]; model: string };
      };
      expect(metrics.judge.criteria).toHaveLength(5);
      expect(metrics.judgeScore).toBe(metrics.judge.score);
      expect(metrics.judgeWeight).toBe(0.6);
      const blended =
        Math.round((0.4 * metrics.heuristicScore + 0.6 * metrics.judgeScore) * 10) / 10;
      expect(metrics.score).toBeCloseTo(blended, 5);
      // The stored score and verdict are the quality dimensions', rules and judge per dimension.
      const dimensions = readQualityDimensions(conversation.qualityDimensions);
      expect(dimensions?.naturalness.source).toBe("both");
      expect(conversation.qualityScore).toBe(dimensions?.overall);
      expect(conversation.status).toBe(dimensions?.belowThreshold ? "pending_review" : "generated");
    }
  });
});

// How close Parley gets to the provider's ceiling (issue #10): 1, 2 and 4 workers against one
// simulated organisation at two limit sets, the product spec's original loop as the baseline,
// the queue and database overhead per item at zero latency, and two read paths at scale.
// One command: `cd bench && node throughput.ts` (BENCH_QUICK=1 for a smaller, faster run).
// Writes throughput.results.json; bench/README.md records a run with the machine.
import { mkdir, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import {
  createDb,
  ensureDefaultWorkspace,
  findRepoRoot,
  getBatchProgress,
  listConversations,
  migrateToLatest,
  startDatabase,
} from "@parley/db";
import {
  createAnthropicProvider,
  createRateLimiter,
  generationBriefSchema,
  renderBrief,
} from "@parley/generation";
import { startWorker } from "@parley/jobs";
import { createBatch, openQueue } from "@parley/queue";
import { startSimulator } from "@parley/simulator";
import { sql } from "kysely";

const QUICK = process.env.BENCH_QUICK === "1";
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
/** Mean latency per 1,000 output tokens of the simulator, as under `npm start`. */
const LATENCY_MS = 1200;

interface LimitSet {
  name: string;
  rpm: number;
  itpm: number;
  otpm: number;
  /** Limits ×k and latency ÷k: the same ratio of in-flight calls, k times faster (a shorter run). */
  speedup: number;
  items: number;
}

const LIMIT_SETS: LimitSet[] = [
  // Tier 1: 50 RPM, 30 000 ITPM, 8 000 OTPM; ~10 conversations a minute unscaled.
  {
    name: "lowest tier (50 RPM / 30k ITPM / 8k OTPM)",
    rpm: 50,
    itpm: 30_000,
    otpm: 8_000,
    speedup: 20,
    items: QUICK ? 120 : 300,
  },
  {
    name: "4 000 RPM / 2M ITPM / 400k OTPM",
    rpm: 4_000,
    itpm: 2_000_000,
    otpm: 400_000,
    speedup: 1,
    items: QUICK ? 500 : 1_500,
  },
];
const WORKER_COUNTS = [1, 2, 4];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const root = findRepoRoot();
  const workDir = join(root, ".data", `bench-throughput-${process.pid}`);
  await mkdir(workDir, { recursive: true });
  const database = await startDatabase({
    rootDir: root,
    dataDir: join(workDir, "postgres"),
    databaseName: "parley_bench",
    durable: false,
    ephemeral: true,
    log,
  });
  const db = createDb(database.url, { applicationName: "parley-bench" });
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    quick: QUICK,
    machine: { cpus: cpus().length, model: cpus()[0]?.model, loadAverageAtStart: loadavg() },
  };
  try {
    await migrateToLatest(db);
    const workspaceId = (await ensureDefaultWorkspace(db)).workspace.id;
    const queue = await openQueue({ databaseUrl: database.url, role: "producer" });

    // 1. Ceiling ratio: N workers, one simulator, one shared budget.
    const ceiling: unknown[] = [];
    for (const set of LIMIT_SETS) {
      for (const workers of WORKER_COUNTS) {
        const k = set.speedup;
        // Both the organisation's buckets and the shared budget start empty: the run measures
        // the steady rate the limits allow, not the first full bucket.
        await sql`delete from rate_budget_groups`.execute(db);
        await sql`
          insert into rate_budget_groups (limit_group, requests_limit, input_tokens_limit,
            output_tokens_limit, requests_level, input_tokens_level, output_tokens_level)
          values ('sonnet-4', ${set.rpm * k}, ${set.itpm * k}, ${set.otpm * k}, 0, 0, 0)
        `.execute(db);
        const simulator = await startSimulator({
          startEmpty: true,
          requestsPerMinute: set.rpm * k,
          inputTokensPerMinute: set.itpm * k,
          outputTokensPerMinute: set.otpm * k,
          latencyMs: LATENCY_MS / k,
        });
        const running = await Promise.all(
          Array.from({ length: workers }, () =>
            startWorker({
              databaseUrl: database.url,
              log: () => {},
              env: { ANTHROPIC_BASE_URL: simulator.url },
            }),
          ),
        );
        const batch = await createBatch(db, queue, {
          workspaceId,
          input: { count: set.items, seed: 1 },
          simulated: true,
        });
        const started = Date.now();
        let row = await db
          .selectFrom("batch_jobs")
          .selectAll()
          .where("id", "=", batch.id)
          .executeTakeFirstOrThrow();
        while (!["completed", "failed", "cancelled"].includes(row.status)) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          row = await db
            .selectFrom("batch_jobs")
            .selectAll()
            .where("id", "=", batch.id)
            .executeTakeFirstOrThrow();
        }
        const seconds = (Date.now() - started) / 1000;
        await Promise.all(running.map((worker) => worker.stop()));
        const stats = simulator.stats;
        await simulator.close();
        const inputPer = (stats.tokens.input + stats.tokens.cacheCreation) / stats.succeeded;
        const outputPer = stats.tokens.output / stats.succeeded;
        const perMinute = Math.min(
          set.rpm * k,
          (set.itpm * k) / inputPer,
          (set.otpm * k) / outputPer,
        );
        const entry = {
          limits: set.name,
          speedup: k,
          workers,
          items: set.items,
          succeeded: row.succeededItems,
          failed: row.failedItems,
          seconds: Math.round(seconds * 10) / 10,
          conversationsPerMinute: Math.round((row.succeededItems / seconds) * 60 * 10) / 10,
          ceilingPerMinute: Math.round(perMinute * 10) / 10,
          ratio: Math.round(((row.succeededItems / seconds) * 60 * 1000) / perMinute) / 1000,
          requests: stats.messages,
          rateLimited429s: stats.statuses["429"] ?? 0,
          share429:
            Math.round(((stats.statuses["429"] ?? 0) / Math.max(1, stats.messages)) * 10_000) / 100,
          maxPerMinute: stats.maxPerMinute,
        };
        ceiling.push(entry);
        log(JSON.stringify(entry));
      }
    }
    results.ceiling = ceiling;

    // 2. Baseline: the spec's loop (chunks of 3, Promise.allSettled, a fixed 50 requests a minute)
    //    against the same simulator and the higher limit set.
    {
      const set = LIMIT_SETS[1] as LimitSet;
      const simulator = await startSimulator({
        requestsPerMinute: set.rpm,
        inputTokensPerMinute: set.itpm,
        outputTokensPerMinute: set.otpm,
        latencyMs: LATENCY_MS,
      });
      const provider = createAnthropicProvider({
        baseURL: simulator.url,
        simulated: true,
        rateLimiter: createRateLimiter({
          requestsPerMinute: 1e9,
          inputTokensPerMinute: 1e12,
          outputTokensPerMinute: 1e12,
          maxConcurrency: 3,
        }),
      });
      const brief = generationBriefSchema.parse({
        tier: "template",
        turnCount: 6,
        persona: { key: "p", name: "Ana", description: "A nurse saving for a house." },
        arc: { key: "a", name: "Worry to plan", startEmotion: "anxious", endEmotion: "hopeful" },
        topic: { key: "t", name: "Budgeting" },
      });
      const request = {
        system: "You are a financial planner.",
        prompt: renderBrief(brief),
        brief,
        maxTokens: 6000,
      };
      const total = QUICK ? 15 : 30;
      let done = 0;
      const started = Date.now();
      for (let i = 0; i < total; i += 3) {
        const chunkStart = Date.now();
        const settled = await Promise.allSettled(
          [0, 1, 2].map(() => provider.generateConversation(request)),
        );
        done += settled.filter((outcome) => outcome.status === "fulfilled").length;
        // 50 requests a minute: 3 requests every 3.6 s at most.
        const wait = 3_600 - (Date.now() - chunkStart);
        if (wait > 0 && i + 3 < total) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const seconds = (Date.now() - started) / 1000;
      await simulator.close();
      const best = (results.ceiling as { limits: string; conversationsPerMinute: number }[])
        .filter((entry) => entry.limits === set.name)
        .reduce((max, entry) => Math.max(max, entry.conversationsPerMinute), 0);
      const perMinute = (done / seconds) * 60;
      results.baseline = {
        loop: "chunks of 3, Promise.allSettled, 50 requests a minute",
        conversations: done,
        seconds: Math.round(seconds * 10) / 10,
        conversationsPerMinute: Math.round(perMinute * 10) / 10,
        parleyBestPerMinute: best,
        parleyOverBaseline: Math.round((best / perMinute) * 10) / 10,
      };
      log(JSON.stringify(results.baseline));
    }

    // 3. Queue and database overhead per item: zero latency, limits out of the way.
    const overheadItems = QUICK ? 1_000 : 10_000;
    let overheadBatchId: string;
    {
      await sql`delete from rate_budget_groups`.execute(db);
      const simulator = await startSimulator({
        requestsPerMinute: 1e9,
        inputTokensPerMinute: 1e12,
        outputTokensPerMinute: 1e12,
        latencyMs: 0,
      });
      const worker = await startWorker({
        databaseUrl: database.url,
        log: () => {},
        env: { ANTHROPIC_BASE_URL: simulator.url },
      });
      const batch = await createBatch(db, queue, {
        workspaceId,
        input: { count: overheadItems, seed: 2 },
        simulated: true,
      });
      overheadBatchId = batch.id;
      const started = Date.now();
      let row = await db
        .selectFrom("batch_jobs")
        .selectAll()
        .where("id", "=", batch.id)
        .executeTakeFirstOrThrow();
      while (!["completed", "failed", "cancelled"].includes(row.status)) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        row = await db
          .selectFrom("batch_jobs")
          .selectAll()
          .where("id", "=", batch.id)
          .executeTakeFirstOrThrow();
      }
      const seconds = (Date.now() - started) / 1000;
      await worker.stop();
      await simulator.close();
      const perItem = await sql<{ ms: number }>`
        select extract(epoch from (i.finished_at - i.started_at)) * 1000
               - coalesce((select sum(l.duration_ms) from generation_logs l where l.batch_item_id = i.id), 0) as ms
        from batch_items i where i.batch_id = ${batch.id} and i.status = 'succeeded'
      `.execute(db);
      const ms = perItem.rows.map((r) => Number(r.ms));
      results.overhead = {
        items: overheadItems,
        succeeded: row.succeededItems,
        seconds: Math.round(seconds * 10) / 10,
        itemsPerMinute: Math.round((row.succeededItems / seconds) * 60),
        wallMsPerItem: Math.round((seconds * 1000 * 100) / Math.max(1, row.succeededItems)) / 100,
        claimToStoredMinusProviderMs: {
          p50: Math.round(percentile(ms, 50) * 100) / 100,
          p95: Math.round(percentile(ms, 95) * 100) / 100,
        },
      };
      log(JSON.stringify(results.overhead));
    }

    // 4. Read paths at scale: the batch status at overheadItems items; the conversation list
    //    (filters and sort) after topping the workspace up to 100 000 conversations.
    {
      const timings: number[] = [];
      for (let i = 0; i < 50; i++) {
        const t0 = performance.now();
        await getBatchProgress(db, { workspaceId, batchId: overheadBatchId });
        timings.push(performance.now() - t0);
      }
      const target = QUICK ? 20_000 : 100_000;
      const existing = Number(
        (
          await sql<{
            n: string;
          }>`select count(*) as n from conversations where workspace_id = ${workspaceId}`.execute(
            db,
          )
        ).rows[0]?.n ?? 0,
      );
      await sql`
        with personas as (select array_agg(id order by key) ids from personas where workspace_id = ${workspaceId})
        insert into conversations (workspace_id, status, tier, persona_id, title, quality_score, simulated, model, turn_count, created_at)
        select ${workspaceId}, case when g % 10 = 0 then 'pending_review' else 'approved' end,
               (array['template', 'scenario', 'edge_case'])[1 + g % 3],
               personas.ids[1 + g % array_length(personas.ids, 1)],
               'Conversation ' || g, 5 + (g % 50) / 10.0, true, 'simulated', 6,
               timestamptz '2026-01-01' + g * interval '1 second'
        from generate_series(1, ${Math.max(0, target - existing)}) g, personas
      `.execute(db);
      await sql`analyze`.execute(db);
      const list: number[] = [];
      for (let i = 0; i < 50; i++) {
        const t0 = performance.now();
        await listConversations(db, {
          workspaceId,
          filters: { statuses: ["approved"], tiers: ["scenario"], minQuality: 6 },
          sort: { by: "qualityScore", direction: "desc" },
          limit: 50,
        });
        list.push(performance.now() - t0);
      }
      results.readPaths = {
        batchStatus: {
          items: overheadItems,
          p50Ms: Math.round(percentile(timings, 50) * 100) / 100,
          p95Ms: Math.round(percentile(timings, 95) * 100) / 100,
        },
        conversationList: {
          conversations: target,
          p50Ms: Math.round(percentile(list, 50) * 100) / 100,
          p95Ms: Math.round(percentile(list, 95) * 100) / 100,
        },
      };
      log(JSON.stringify(results.readPaths));
    }
    results.loadAverageAtEnd = loadavg();
    await queue.stop({ graceful: false });
    await writeFile(
      join(import.meta.dirname, "throughput.results.json"),
      `${JSON.stringify(results, null, 2)}\n`,
    );
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } finally {
    await db.destroy();
    await database.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

await main();

// Chaos with many workers (issue #13 item 3): one shared simulator with 20 % 429s, 5 % 529s,
// 5 % 500s and 2 % malformed answers, three `parley worker` processes, a 300-item batch; a random
// worker is killed with SIGKILL every few seconds and replaced (10 times) and Postgres is
// restarted twice, once in real-time mode and once in Message Batches mode. Checks that every
// item completes, one live conversation per item, exact counters and no conversation billed twice.
// One command: `cd bench && node chaos.ts` (BENCH_QUICK=1: 100 items, 5 kills, 1 restart).
// Writes chaos.results.json and exits 1 when a target is missed.
import type { ChildProcess } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import {
  createDb,
  type DatabaseHandle,
  ensureDefaultWorkspace,
  findBatch,
  findRepoRoot,
  migrateToLatest,
  recountBatch,
  startDatabase,
} from "@parley/db";
import { createBatch, openQueue } from "@parley/queue";
import { parseFaultRates, startSimulator } from "@parley/simulator";
import { sql } from "kysely";
import { kill, spawnCliWorker } from "../apps/jobs/src/test-support/cli-process.ts";

const QUICK = process.env.BENCH_QUICK === "1";
const ITEMS = QUICK ? 100 : 300;
const KILLS = QUICK ? 5 : 10;
/** Postgres is restarted after these kills. */
const RESTART_AFTER_KILLS = QUICK ? [3] : [3, 7];
const KILL_EVERY_MS = 4_000;
const WORKERS = 3;
const FAULTS = "429=0.2,529=0.05,500=0.05,malformed=0.02";
const log = (message: string) => process.stderr.write(`[chaos] ${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A seeded generator, so two runs kill the same sequence of worker slots. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

type Mode = "realtime" | "message_batches";

async function runMode(mode: Mode, root: string, workDir: string) {
  const clusterOptions = {
    rootDir: root,
    dataDir: join(workDir, `postgres-${mode}`),
    databaseName: "parley_chaos",
    durable: false,
    log: () => {},
  };
  let database: DatabaseHandle = await startDatabase(clusterOptions);
  const url = database.url;
  const db = createDb(url, { applicationName: "parley-chaos" });
  await migrateToLatest(db);
  const workspaceId = (await ensureDefaultWorkspace(db)).workspace.id;
  const queue = await openQueue({ databaseUrl: url, role: "producer" });
  const simulator = await startSimulator({
    latencyMs: 400,
    seed: mode === "realtime" ? 101 : 202,
    faults: parseFaultRates(FAULTS),
    batchDelayMs: 1_500,
  });
  const workerEnv = {
    ANTHROPIC_BASE_URL: simulator.url,
    PARLEY_WORKER_CONCURRENCY: "5",
    PARLEY_MESSAGE_BATCH_MAX_REQUESTS: "25",
    PARLEY_MESSAGE_BATCH_POLL_SECONDS: "1",
    PARLEY_MESSAGE_BATCH_MAX_ATTEMPTS: "10",
  };
  const workers: ChildProcess[] = [];
  for (let i = 0; i < WORKERS; i++) workers.push(await spawnCliWorker(url, workerEnv));
  const random = seededRandom(mode === "realtime" ? 7 : 8);
  const started = Date.now();
  const batch = await createBatch(db, queue, {
    workspaceId,
    input: { count: ITEMS, concurrency: 12, seed: 3, mode },
    simulated: true,
  });
  const ref = { workspaceId, batchId: batch.id };
  // A read that fails while Postgres is down is retried on the next tick.
  const readBatch = () => findBatch(db, ref).catch(() => undefined);
  const finished = (status: string | undefined) =>
    status === "completed" || status === "failed" || status === "cancelled";

  let kills = 0;
  let restarts = 0;
  const inFlightAtKill: number[] = [];
  while (kills < KILLS) {
    await sleep(KILL_EVERY_MS);
    const current = await readBatch();
    if (finished(current?.status)) break;
    const slot = Math.floor(random() * WORKERS);
    await kill(workers[slot] as ChildProcess);
    kills++;
    inFlightAtKill.push(current?.processingItems ?? -1);
    log(
      `${mode}: kill ${kills} (slot ${slot}) at ${current?.succeededItems}/${ITEMS} done, ${current?.processingItems} in flight`,
    );
    if (RESTART_AFTER_KILLS.includes(kills)) {
      await database.stop();
      await sleep(3_000);
      database = await startDatabase(clusterOptions);
      if (database.url !== url)
        throw new Error(`Postgres came back at ${database.url}, not ${url}`);
      restarts++;
      log(`${mode}: Postgres restarted (${restarts})`);
    }
    workers[slot] = await spawnCliWorker(url, workerEnv);
  }
  let done = await readBatch();
  const deadline = Date.now() + 20 * 60_000;
  let lastReport = Date.now();
  while (!finished(done?.status) && Date.now() < deadline) {
    await sleep(500);
    done = await readBatch();
    if (Date.now() - lastReport > 30_000) {
      lastReport = Date.now();
      log(`${mode}: ${done?.succeededItems}/${ITEMS} done, ${done?.processingItems} in flight`);
    }
  }
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  await Promise.all(workers.map(kill));

  const perItem = await sql<{ items: number; exactlyOne: number; none: number; orphans: number }>`
    select count(*)::int as items,
      count(*) filter (where live = 1)::int as "exactlyOne",
      count(*) filter (where live = 0)::int as none,
      (select count(*)::int from conversations
         where batch_id = ${batch.id} and status <> 'archived' and batch_item_id is null) as orphans
    from (select i.id, count(c.id) as live from batch_items i
          left join conversations c on c.batch_item_id = i.id and c.status <> 'archived'
          where i.batch_id = ${batch.id} group by i.id) per_item
  `.execute(db);
  const recount = await recountBatch(db, ref);
  // Billing: every answer the provider billed (a 200, malformed ones included) against the
  // answers the workers logged (output tokens > 0), and items with more than one successful
  // conversation-writing call (a stored conversation paid for twice).
  const billing = await sql<{
    conversations: number;
    itemsBilledTwice: number;
    loggedAnswers: number;
  }>`
    select count(distinct c.id)::int as conversations,
      (select count(*)::int from (
         select batch_item_id from generation_logs
         where batch_id = ${batch.id} and purpose = 'generation' and status = 'succeeded'
         group by batch_item_id having count(*) > 1) twice) as "itemsBilledTwice",
      (select count(*)::int from generation_logs
         where batch_id = ${batch.id} and purpose = 'generation'
           and output_tokens > 0) as "loggedAnswers"
    from conversations c where c.batch_id = ${batch.id} and c.status <> 'archived'
  `.execute(db);
  const stats = simulator.stats;
  const billedAnswers = mode === "realtime" ? stats.succeeded : stats.batches.succeeded;
  const items = perItem.rows[0];
  const bill = billing.rows[0];
  const result = {
    mode,
    items: ITEMS,
    workers: WORKERS,
    kills,
    postgresRestarts: restarts,
    inFlightAtKill,
    seconds,
    status: done?.status,
    succeeded: done?.succeededItems,
    failed: done?.failedItems,
    itemsWithExactlyOneLiveConversation: items?.exactlyOne,
    itemsWithNoLiveConversation: items?.none,
    conversationsWithoutItem: items?.orphans,
    countersEqualItemRows: recount?.consistent ?? false,
    counters: { stored: recount?.stored, actual: recount?.actual },
    storedConversations: bill?.conversations,
    itemsBilledTwiceForTheirConversation: bill?.itemsBilledTwice,
    providerBilledAnswers: billedAnswers,
    answersLoggedByWorkers: bill?.loggedAnswers,
    simulator: {
      requests: stats.requests,
      messages: stats.messages,
      statuses: stats.statuses,
      faults: stats.faults,
      aborted: stats.aborted,
      batches: stats.batches,
    },
  };
  const ok =
    done?.status === "completed" &&
    done.succeededItems === ITEMS &&
    items?.exactlyOne === ITEMS &&
    items?.orphans === 0 &&
    result.countersEqualItemRows &&
    bill?.itemsBilledTwice === 0;
  log(`${mode}: ${ok ? "all targets met" : "TARGET MISSED"} ${JSON.stringify(result)}`);

  await simulator.close();
  await queue.stop({ graceful: false, timeout: 1000 }).catch(() => {});
  await db.destroy();
  await database.stop();
  return { ok, result };
}

async function main(): Promise<number> {
  const root = findRepoRoot();
  const workDir = join(root, ".data", `bench-chaos-${process.pid}`);
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    quick: QUICK,
    machine: { cpus: cpus().length, model: cpus()[0]?.model, loadAverageAtStart: loadavg() },
  };
  let ok = true;
  try {
    const modes = (process.env.BENCH_MODES ?? "realtime,message_batches").split(",") as Mode[];
    for (const mode of modes) {
      const run = await runMode(mode, root, workDir);
      results[mode] = run.result;
      ok &&= run.ok;
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  results.loadAverageAtEnd = loadavg();
  await writeFile(
    join(import.meta.dirname, "chaos.results.json"),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);

// Benchmark: a messages export of 100 000 conversations (8 turns each) through streamExport, the
// code path of the CLI, the web download and the export job, against Postgres's own COPY of the
// same rows as JSON (through psql) as the floor. Seeds a throwaway embedded cluster with
// INSERT … SELECT generate_series, so the run takes a few minutes, not hours.
//
//   pnpm --filter @parley/bench bench            (BENCH_CONVERSATIONS=10000 for a quick run)
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir, open, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  createDb,
  createWorkspace,
  findRepoRoot,
  migrateToLatest,
  seedReferenceScaffolding,
  startDatabase,
} from "@parley/db";
import { streamExport } from "@parley/queue";
import { sql } from "kysely";

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 100_000);
const TURNS = 8;
const RSS_LIMIT_MB = 300;

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const value = await run();
  return { value, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** Samples this process's memory while `run` runs (maxRSS alone would include start-up). */
async function withPeakRss<T>(run: () => Promise<T>): Promise<{
  value: T;
  rssBeforeMb: number;
  peakRssMb: number;
  peakHeapUsedMb: number;
  peakExternalMb: number;
}> {
  const before = process.memoryUsage();
  let peak = before.rss;
  let heap = before.heapUsed;
  let external = before.external;
  const sample = () => {
    const now = process.memoryUsage();
    peak = Math.max(peak, now.rss);
    heap = Math.max(heap, now.heapUsed);
    external = Math.max(external, now.external);
  };
  const timer = setInterval(sample, 10);
  try {
    const value = await run();
    sample();
    return {
      value,
      rssBeforeMb: mb(before.rss),
      peakRssMb: mb(peak),
      peakHeapUsedMb: mb(heap),
      peakExternalMb: mb(external),
    };
  } finally {
    clearInterval(timer);
  }
}

/** psql writes straight into the file: the baseline's bytes never pass through this process. */
async function psqlCopy(url: string, query: string, outFile: string): Promise<void> {
  const file = await open(outFile, "w");
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        "psql",
        [url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", `COPY (${query}) TO STDOUT`],
        { stdio: ["ignore", file.fd, "inherit"] },
      );
      child.on("error", reject);
      child.on("close", (code) =>
        code === 0 ? resolve() : reject(new Error(`psql exited ${code}`)),
      );
    });
  } finally {
    await file.close();
  }
}

async function main(): Promise<void> {
  const root = findRepoRoot();
  const workDir = join(root, ".data", `bench-${process.pid}`);
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
  try {
    await migrateToLatest(db);
    const workspace = await createWorkspace(db, { name: "Bench" });
    await seedReferenceScaffolding(db, { workspaceId: workspace.id });

    const seeding = await timed(async () => {
      await sql`
        with personas as (select array_agg(id order by key) ids from personas where workspace_id = ${workspace.id}),
             arcs as (select array_agg(id order by key) ids from emotional_arcs where workspace_id = ${workspace.id} and arc_type = 'core'),
             topics as (select array_agg(id order by key) ids from training_topics where workspace_id = ${workspace.id})
        insert into conversations
          (workspace_id, status, tier, persona_id, arc_id, topic_id, title, summary,
           quality_score, simulated, model, turn_count, created_at)
        select ${workspace.id}, case when g % 10 = 0 then 'pending_review' else 'approved' end,
               (array['template', 'scenario', 'edge_case'])[1 + g % 3],
               personas.ids[1 + g % array_length(personas.ids, 1)],
               arcs.ids[1 + g % array_length(arcs.ids, 1)],
               topics.ids[1 + g % array_length(topics.ids, 1)],
               'Conversation ' || g, 'A client works through a money worry, part ' || g,
               5 + (g % 50) / 10.0, true, 'simulated', ${TURNS},
               timestamptz '2026-01-01' + g * interval '1 second'
        from generate_series(1, ${CONVERSATIONS}) g, personas, arcs, topics
      `.execute(db);
      await sql`
        insert into conversation_turns (conversation_id, turn_number, role, content, emotion, phase, techniques)
        select c.id, t, case when t % 2 = 1 then 'user' else 'assistant' end,
               case when t % 2 = 1
                 then 'I have been worrying about ' || c.title || ' and I do not know where to start. ' || repeat('It keeps me up at night. ', 3)
                 else 'That sounds stressful, and it makes sense you feel that way. ' || repeat('Let us look at one small step together. ', 4)
               end,
               jsonb_build_object('primary', 'worry', 'intensity', 0.5, 'secondary', jsonb_build_array()),
               'guidance', case when t % 2 = 0 then '["validation"]'::jsonb else '[]'::jsonb end
        from conversations c, generate_series(1, ${TURNS}) t
        where c.workspace_id = ${workspace.id}
      `.execute(db);
      await sql`analyze`.execute(db);
    });
    log(
      `seeded ${CONVERSATIONS} conversations × ${TURNS} turns in ${seeding.seconds.toFixed(1)} s`,
    );

    // streamExport: the product path, from the db cursor through the messages writer to a file.
    const exportFile = join(workDir, "export.jsonl");
    const exported = await withPeakRss(() =>
      timed(() =>
        streamExport(db, createWriteStream(exportFile), {
          workspaceId: workspace.id,
          format: "messages",
        }),
      ),
    );
    const result = exported.value.value;
    const exportSeconds = exported.value.seconds;
    log(
      `streamExport: ${result.rows} rows, ${mb(result.bytes)} MB in ${exportSeconds.toFixed(1)} s`,
    );

    // The same export trimmed to exactly what the COPY baseline produces ({"messages":[…]} with
    // no system message and no metadata), so the bytes and the time compare like for like.
    const bareFile = join(workDir, "export-bare.jsonl");
    const bare = await withPeakRss(() =>
      timed(() =>
        streamExport(db, createWriteStream(bareFile), {
          workspaceId: workspace.id,
          format: "messages",
          options: { includeMetadata: false, systemMode: "omit" },
        }),
      ),
    );
    log(
      `streamExport (bare): ${bare.value.value.rows} rows, ${mb(bare.value.value.bytes)} MB in ${bare.value.seconds.toFixed(1)} s`,
    );

    // Baseline: Postgres serialises the same conversations (same filter and order) as JSON
    // itself and psql writes them to a file: no per-row JavaScript at all.
    const copyQuery = `
      select json_build_object('messages', (
        select json_agg(json_build_object('role', t.role, 'content', t.content) order by t.turn_number)
        from conversation_turns t where t.conversation_id = c.id))
      from conversations c
      where c.workspace_id = '${workspace.id}' and c.status <> 'archived' and c.duplicate_of is null
      order by c.created_at, c.id`;
    const copyFile = join(workDir, "copy.jsonl");
    const copy = await timed(() => psqlCopy(database.url, copyQuery, copyFile));
    const copyBytes = (await stat(copyFile)).size;
    log(`COPY via psql: ${mb(copyBytes)} MB in ${copy.seconds.toFixed(1)} s`);

    const figures = {
      date: new Date().toISOString(),
      conversations: CONVERSATIONS,
      turnsPerConversation: TURNS,
      seedSeconds: round(seeding.seconds),
      streamExport: {
        rows: result.rows,
        megabytes: mb(result.bytes),
        seconds: round(exportSeconds),
        rowsPerSecond: Math.round(result.rows / exportSeconds),
        rssBeforeMb: exported.rssBeforeMb,
        peakRssMb: exported.peakRssMb,
        peakHeapUsedMb: exported.peakHeapUsedMb,
        peakExternalMb: exported.peakExternalMb,
        maxRssMbProcessLifetime: mb(process.resourceUsage().maxRSS * 1024),
      },
      streamExportBare: {
        rows: bare.value.value.rows,
        megabytes: mb(bare.value.value.bytes),
        seconds: round(bare.value.seconds),
        rowsPerSecond: Math.round(bare.value.value.rows / bare.value.seconds),
        rssBeforeMb: bare.rssBeforeMb,
        peakRssMb: bare.peakRssMb,
        peakHeapUsedMb: bare.peakHeapUsedMb,
      },
      copyBaseline: {
        rows: CONVERSATIONS,
        megabytes: mb(copyBytes),
        seconds: round(copy.seconds),
        rowsPerSecond: Math.round(CONVERSATIONS / copy.seconds),
      },
      slowdownVsCopy: round(exportSeconds / copy.seconds),
      bareSlowdownVsCopy: round(bare.value.seconds / copy.seconds),
    };
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
    if (CONVERSATIONS === 100_000) {
      await writeFile(
        join(root, "bench", "export-stream.results.json"),
        `${JSON.stringify(figures, null, 2)}\n`,
      );
    }
    const peak = Math.max(exported.peakRssMb, bare.peakRssMb);
    if (peak > RSS_LIMIT_MB) {
      log(`peak RSS ${peak} MB is over the ${RSS_LIMIT_MB} MB budget`);
      process.exitCode = 1;
    }
  } finally {
    await db.destroy();
    await database.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

await main();

// Load on the live pages (issue #13 item 5): the production build started the way `npm start`
// starts it, 200 concurrent batch-progress subscriptions (tRPC SSE, batch.onProgress) plus 50
// API reads a second (autocannon, batch.progress) for 60 s while a batch runs. Records errors,
// read latency, whether every subscriber saw the final count, and the web server's RSS before,
// during and after. Needs the web build (`pnpm --filter @parley/web build`).
// One command: `cd bench && node live-load.ts` (BENCH_QUICK=1: 50 subscribers, 20 s; BENCH_ROUNDS=3:
// three rounds against the same server, RSS recorded after each).
// Writes live-load.results.json and exits 1 when a target is missed.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { findRepoRoot } from "@parley/db";
import autocannon from "autocannon";

const QUICK = process.env.BENCH_QUICK === "1";
const SUBSCRIBERS = QUICK ? 50 : 200;
const READS_PER_SECOND = 50;
const DURATION_S = QUICK ? 20 : 60;
const ITEMS = Number(process.env.BENCH_ITEMS ?? (QUICK ? 40 : 200));
const PORT = Number(process.env.BENCH_PORT ?? 3297);
/** Rounds of subscribers and reads against one server (one batch each), to tell a leak from a plateau. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const base = `http://localhost:${PORT}`;
const log = (message: string) => process.stderr.write(`[live-load] ${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** The resident set of a process in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+)/m);
  return line ? Math.round(Number(line[1]) / 102.4) / 10 : Number.NaN;
}

/** The web server's pid: the child of start.ts running serve-web.ts. */
function webServerPid(startPid: number): number {
  for (const task of readdirSync(`/proc/${startPid}/task`)) {
    const children = readFileSync(`/proc/${startPid}/task/${task}/children`, "utf8")
      .split(" ")
      .filter(Boolean)
      .map(Number);
    for (const pid of children) {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("serve-web")) return pid;
    }
  }
  throw new Error("the web server process was not found");
}

const trpcInput = (input: unknown) => encodeURIComponent(JSON.stringify({ json: input }));

interface Subscriber {
  status: number;
  events: number;
  lastSucceeded: number;
  sawDone: boolean;
  error: string | null;
}

/** One batch.onProgress subscription over SSE, as the browser's httpSubscriptionLink opens it. */
async function subscribe(
  cookie: string,
  batchId: string,
  signal: AbortSignal,
): Promise<Subscriber> {
  const seen: Subscriber = { status: 0, events: 0, lastSucceeded: -1, sawDone: false, error: null };
  try {
    const response = await fetch(
      `${base}/api/trpc/batch.onProgress?input=${trpcInput({ batchId })}`,
      { headers: { cookie, accept: "text/event-stream" }, signal },
    );
    seen.status = response.status;
    if (!response.ok || !response.body) {
      seen.error = `HTTP ${response.status}`;
      return seen;
    }
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf("\n\n");
        const event = block.match(/^event: (.*)$/m)?.[1];
        const data = block
          .split("\n")
          .filter((line) => line.startsWith("data:"))
          .map((line) => line.slice(5).trimStart())
          .join("\n");
        if (event === "serialized-error") seen.error = data.slice(0, 200);
        if (!data || event) continue;
        const view = (
          JSON.parse(data) as { json?: { counts?: { succeeded: number }; done?: boolean } }
        ).json;
        if (!view?.counts) continue;
        seen.events++;
        seen.lastSucceeded = view.counts.succeeded;
        if (view.done) seen.sawDone = true;
      }
      if (seen.sawDone) break;
    }
  } catch (error) {
    if (!signal.aborted) seen.error = (error as Error).message;
  }
  return seen;
}

/** One round: a batch launched, SUBSCRIBERS streams and the reads against it, then 10 s of rest. */
async function runRound({
  cookie,
  origin,
  webPid,
}: {
  cookie: string;
  origin: Record<string, string>;
  webPid: number;
}): Promise<{ figures: Record<string, unknown>; met: boolean }> {
  const rssBefore = rssMb(webPid);
  const created = await fetch(`${base}/api/trpc/batch.create`, {
    method: "POST",
    headers: { ...origin, cookie },
    body: JSON.stringify({ json: { count: ITEMS, seed: 4, concurrency: 4 } }),
  });
  if (!created.ok)
    throw new Error(`batch.create failed: ${created.status} ${await created.text()}`);
  const batchId = ((await created.json()) as { result: { data: { json: { id: string } } } }).result
    .data.json.id;
  const batchStarted = Date.now();
  log(`batch ${batchId} (${ITEMS} items) launched; ${SUBSCRIBERS} subscribers connecting`);

  const stopSubscribers = new AbortController();
  const subscribers = Array.from({ length: SUBSCRIBERS }, () =>
    subscribe(cookie, batchId, stopSubscribers.signal),
  );
  const rssDuring: number[] = [];
  const sampler = setInterval(() => rssDuring.push(rssMb(webPid)), 1_000);

  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const readResult = await new Promise<autocannon.Result>((resolve, reject) => {
    const reads = autocannon(
      {
        url: `${base}/api/trpc/batch.progress?input=${trpcInput({ batchId })}`,
        headers: { cookie },
        // Enough connections that 50 a second holds even when a read takes a second.
        connections: 50,
        overallRate: READS_PER_SECOND,
        duration: DURATION_S,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    reads.on("response", (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
  const batchRunningAtEnd = await fetch(
    `${base}/api/trpc/batch.progress?input=${trpcInput({ batchId })}`,
    { headers: { cookie } },
  )
    .then((r) => r.json() as Promise<{ result: { data: { json: { done: boolean } } } }>)
    .then((r) => !r.result.data.json.done);
  log(`reads done (${readResult.requests.total}); waiting for the batch to finish`);

  // Every subscriber should see the batch end on its own; after 10 minutes, stop waiting.
  const timeout = setTimeout(() => stopSubscribers.abort(), 10 * 60_000);
  const seen = await Promise.all(subscribers);
  clearTimeout(timeout);
  const batchSeconds = Math.round((Date.now() - batchStarted) / 100) / 10;
  clearInterval(sampler);
  await sleep(10_000);
  const rssAfter = rssMb(webPid);

  const finalCounts = seen.map((s) => s.lastSucceeded);
  const subscriberErrors = seen.filter((s) => s.error !== null);
  const readErrors = readResult.errors + readResult.timeouts + readResult.non2xx;
  const figures = {
    batchId,
    batchSeconds,
    batchStillRunningWhenReadsEnded: batchRunningAtEnd,
    reads: {
      total: readResult.requests.total,
      perSecond: readResult.requests.average,
      errors: readResult.errors,
      timeouts: readResult.timeouts,
      non2xx: readResult.non2xx,
      statuses,
      latencyMs: {
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        max: Math.max(...latencies),
      },
    },
    subscriptions: {
      opened: seen.filter((s) => s.status === 200).length,
      errors: subscriberErrors.length,
      firstErrors: subscriberErrors.slice(0, 3).map((s) => s.error),
      sawDone: seen.filter((s) => s.sawDone).length,
      sawFinalCount: finalCounts.filter((n) => n === ITEMS).length,
      eventsPerSubscriber: {
        min: Math.min(...seen.map((s) => s.events)),
        max: Math.max(...seen.map((s) => s.events)),
      },
    },
    webServerRssMb: {
      before: rssBefore,
      duringMax: Math.max(...rssDuring),
      duringLast: rssDuring.at(-1),
      after10s: rssAfter,
    },
  };
  const met =
    readErrors === 0 && subscriberErrors.length === 0 && finalCounts.every((n) => n === ITEMS);
  return { figures, met };
}

async function waitForHealth(server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    const ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(500);
  }
  throw new Error("the server did not answer /healthz within 3 minutes");
}

async function main(): Promise<number> {
  const root = findRepoRoot();
  const dataDir = join(root, ".data", `bench-live-load-${process.pid}`);
  const server = spawn(process.execPath, [join(root, "scripts/start.ts")], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(PORT),
      PARLEY_SKIP_BUILD: "1",
      PARLEY_DATA_DIR: dataDir,
      PARLEY_SIMULATOR_PORT: String(PORT + 1000),
      PARLEY_SIM_LATENCY_MS: process.env.PARLEY_SIM_LATENCY_MS ?? "1200",
      ANTHROPIC_API_KEY: "",
      ANTHROPIC_BASE_URL: "",
      DATABASE_URL: "",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    quick: QUICK,
    machine: { cpus: cpus().length, model: cpus()[0]?.model, loadAverageAtStart: loadavg() },
    subscribers: SUBSCRIBERS,
    readsPerSecond: READS_PER_SECOND,
    seconds: DURATION_S,
    items: ITEMS,
  };
  try {
    await waitForHealth(server);
    const webPid = webServerPid(server.pid as number);
    const origin = { origin: base, "content-type": "application/json" };
    const id = randomBytes(5).toString("hex");
    const signUp = await fetch(`${base}/api/auth/sign-up/email`, {
      method: "POST",
      headers: origin,
      body: JSON.stringify({
        name: `Load ${id}`,
        email: `load-${id}@example.test`,
        password: `pw-${id}-${id}`,
      }),
    });
    if (!signUp.ok) throw new Error(`sign-up failed: ${signUp.status} ${await signUp.text()}`);
    const cookie = signUp.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const rssBefore = rssMb(webPid);

    const rounds: Record<string, unknown>[] = [];
    let failed = false;
    for (let round = 1; round <= ROUNDS; round++) {
      const outcome = await runRound({ cookie, origin, webPid });
      rounds.push({ round, ...outcome.figures });
      log(`round ${round}/${ROUNDS}: ${JSON.stringify(outcome.figures)}`);
      if (!outcome.met) failed = true;
    }
    // One round: its figures at the top level, as before; several: each round's figures in turn,
    // so RSS after each round tells a plateau (flat from round to round) from a leak (rising).
    Object.assign(results, ROUNDS === 1 ? rounds[0] : { rounds });
    results.webServerRssMbBeforeFirstRound = rssBefore;
    log(JSON.stringify(results));
    return failed ? 1 : 0;
  } finally {
    results.loadAverageAtEnd = loadavg();
    await writeFile(
      join(import.meta.dirname, "live-load.results.json"),
      `${JSON.stringify(results, null, 2)}\n`,
    );
    server.kill("SIGTERM");
    await exited;
    // The cluster's directory and the side files the embedded Postgres keeps beside it.
    for (const path of [
      dataDir,
      ...["-cluster.json", "-server.json", ".lock", ".log"].map((x) => dataDir + x),
    ]) {
      await rm(path, { recursive: true, force: true });
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);

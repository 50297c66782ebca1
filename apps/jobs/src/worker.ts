// A jobs worker: takes batch items, single generations, stored exports and Message Batches
// submissions, polls and cancels off the Postgres queue until stopped, after sealing any workspace
// secret still in plain text. Several workers, in one process or many, share the work.
import {
  createDb,
  createRateBudgetStore,
  resolveSecretCipher,
  sealWorkspaceSecrets,
} from "@parley/db";
import { createRateLimiter } from "@parley/generation";
import { GROUP_CONCURRENCY, openQueue } from "@parley/queue";
import type { Job } from "pg-boss";
import { readWorkerEnv } from "./env.ts";
import { readExportEnv } from "./export-env.ts";
import { handleGenerateItem } from "./handlers/generate-item.ts";
import { handleGenerateSingle } from "./handlers/generate-single.ts";
import { handleRunExport } from "./handlers/run-export.ts";
import { workMessageBatches } from "./message-batch-workers.ts";
import { openProvider } from "./open-provider.ts";
import { refreshModelList } from "./refresh-model-list.ts";

export interface StartWorkerOptions {
  databaseUrl: string;
  log?: (message: string) => void;
  env?: Record<string, string | undefined>;
  /** Items this process generates at once; default PARLEY_WORKER_CONCURRENCY or 32. */
  concurrency?: number;
}

export interface RunningWorker {
  /** "simulated Claude" or the real model's name, for logs and banners. */
  providerLabel: string;
  simulated: boolean;
  /** The simulated Anthropic server's address when running without an API key, else null. */
  simulatorUrl: string | null;
  /** Generation item jobs this worker has run so far (several workers share a batch's items). */
  itemsRun(): number;
  /** Finishes in-flight items (up to a timeout), then releases every connection. */
  stop(): Promise<void>;
}

/**
 * The SDK prints a deprecation warning on every request for a retiring model; with thousands of
 * requests that buries everything else, so the worker says it once.
 */
function warnDeprecatedModelOnce(log: (message: string) => void): void {
  const original = console.warn;
  let warned = false;
  console.warn = (...args: unknown[]) => {
    const [first] = args;
    if (typeof first === "string" && /^The model '.+' is deprecated/.test(first)) {
      if (!warned) log(first.replaceAll("\n", " "));
      warned = true;
      return;
    }
    original(...args);
  };
}

let deprecationFilterInstalled = false;

export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const log = options.log ?? ((message: string) => process.stderr.write(`[worker] ${message}\n`));
  if (!deprecationFilterInstalled) {
    deprecationFilterInstalled = true;
    warnDeprecatedModelOnce(log);
  }
  const env = readWorkerEnv(options.env);
  // A malformed PARLEY_SECRET_KEY stops the worker here, before it takes any job.
  const secrets = resolveSecretCipher({ env: env.raw, log });
  const db = createDb(options.databaseUrl, { applicationName: "parley-worker" });
  // Tokens saved before values were sealed (or sealed with a key being rotated out) are sealed
  // with the current key now, so none stays readable in the table.
  const sealing = await sealWorkspaceSecrets(db, { cipher: secrets }).catch(async (error) => {
    await db.destroy();
    throw error;
  });
  if (sealing.sealed > 0) log(`sealed ${sealing.sealed} workspace secret(s) stored in plain text`);
  if (sealing.resealed > 0)
    log(`resealed ${sealing.resealed} workspace secret(s) with the current key`);
  const concurrency = options.concurrency ?? env.PARLEY_WORKER_CONCURRENCY;
  // One budget for the organisation: every worker on every machine leases its calls' requests
  // and tokens from the buckets in Postgres. Up to `concurrency` items plus two single
  // generations in flight; 429s halve that and successes grow it back.
  const rateLimiter = createRateLimiter({
    maxConcurrency: concurrency + 2,
    shared: {
      store: createRateBudgetStore(db),
      onError: (error) => log(`rate budget: ${error.message}`),
    },
  });
  const providerHandle = await openProvider({ env: env.raw, rateLimiter });
  const simulated = providerHandle.simulatorUrl !== null;
  await refreshModelList({
    db,
    env: env.raw,
    simulatorUrl: providerHandle.simulatorUrl,
    log,
  });
  const queue = await openQueue({
    databaseUrl: options.databaseUrl,
    role: "worker",
    onError: (error) => log(`queue: ${error.message}`),
  });

  const deps = { db, queue, provider: providerHandle.provider, simulated, log };
  let itemsRun = 0;
  await queue.boss.work(
    "generation.item",
    {
      localConcurrency: concurrency,
      groupConcurrency: GROUP_CONCURRENCY,
      pollingIntervalSeconds: 1,
    },
    async ([job]: Job<unknown>[]) => {
      if (!job) return;
      itemsRun++;
      await handleGenerateItem(deps, job);
    },
  );
  // Single generations someone is waiting for on the page, beside the batch items.
  await queue.boss.work(
    "generation.single",
    { localConcurrency: 2, pollingIntervalSeconds: 0.5 },
    async ([job]: Job<unknown>[]) => {
      if (job) await handleGenerateSingle(deps, job);
    },
  );
  // Exports are long and I/O-bound: one at a time per worker, beside the generation items.
  const exportEnv = readExportEnv(env.raw);
  const exportDeps = {
    db,
    log,
    exportsDir: exportEnv.exportsDir,
    hubToken: exportEnv.hubToken,
    hubEndpoint: exportEnv.hubEndpoint,
    secrets,
  };
  await queue.boss.work(
    "export.run",
    { pollingIntervalSeconds: 1 },
    async ([job]: Job<unknown>[]) => {
      if (job) await handleRunExport(exportDeps, job);
    },
  );
  // Message Batches mode: one submission job per batch, then one poll job per provider batch.
  await workMessageBatches(queue, deps, env);

  return {
    providerLabel: simulated
      ? "simulated Claude (no ANTHROPIC_API_KEY set)"
      : `Claude via the Anthropic API`,
    simulated,
    simulatorUrl: providerHandle.simulatorUrl,
    itemsRun: () => itemsRun,
    async stop() {
      await queue.stop({ graceful: true, timeout: 20_000 });
      // Hands this process's unspent slices back to the shared budget before it goes.
      await rateLimiter.close().catch((error: Error) => log(`rate budget: ${error.message}`));
      await providerHandle.close();
      await db.destroy();
    },
  };
}

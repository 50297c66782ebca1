// Gives a process a Postgres URL: DATABASE_URL when set, otherwise the embedded cluster under
// <repo>/.data/postgres, shared by every process of the checkout. The first process starts it
// and records it in .data/postgres-server.json; later ones (the CLI while `npm start` runs)
// find it there, check it answers, and connect to it. Only the starter stops it.
import { randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  rmdirSync,
  rmSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { assertClusterVersionMatches, binaryMajorVersion } from "./cluster-version.ts";
import { checkExternalDatabase } from "./external-database.ts";
import { resolvePostgresBinaries } from "./postgres-binaries.ts";
import {
  acceptsConnections,
  type ClusterCredentials,
  databaseUrl,
  ensureTraversableDir,
  initialiseCluster,
  isClusterInitialised,
  launchPostmaster,
  readPostmasterPid,
  stopPostmaster,
  waitUntilAcceptingConnections,
} from "./postgres-cluster.ts";
import { isPostmasterOf, isProcessAlive, waitForExit } from "./processes.ts";
import { findRepoRoot } from "./repo-root.ts";

export interface StartDatabaseOptions {
  /** Use this server instead of an embedded one. Default: `process.env.DATABASE_URL`. */
  databaseUrl?: string | undefined;
  /** Repository root; default: found from this file's location. */
  rootDir?: string;
  /** Cluster directory; default `<rootDir>/.data/postgres`. */
  dataDir?: string;
  /** Database created in the cluster and named in the URL; default `parley`. */
  databaseName?: string;
  /** false turns off fsync and friends: for throwaway test clusters only. Default true. */
  durable?: boolean;
  /** Remove the data directory when the cluster is stopped (test clusters). Default false. */
  ephemeral?: boolean;
  /** Progress messages; default: one line each on stderr. */
  log?: (message: string) => void;
}

export type DatabaseSource =
  /** DATABASE_URL. */
  | "external"
  /** This process started the embedded cluster and will stop it. */
  | "started"
  /** The embedded cluster was running without its owner (it crashed); this process took over. */
  | "adopted"
  /** Another live process started the embedded cluster; this one only connects. */
  | "reused";

export interface DatabaseHandle {
  url: string;
  source: DatabaseSource;
  /** Whether stop() shuts the cluster down. */
  ownsCluster: boolean;
  /**
   * Shuts the cluster down if this process owns it, otherwise does nothing. Call it from your
   * SIGINT/SIGTERM handler after draining work: the cluster runs in its own process group, so a
   * Ctrl-C does not reach it. If the process dies without stopping it, the next startDatabase()
   * adopts the orphaned server.
   */
  stop(): Promise<void>;
}

/** What postgres-server.json records about the running cluster. */
export interface ServerRecord {
  pid: number;
  port: number;
  /** The process that started (or adopted) the cluster and will stop it. */
  ownerPid: number;
  startedAt: string;
}

/** Persistent per-cluster settings: the superuser's credentials and the last port used. */
interface ClusterRecord extends ClusterCredentials {
  port?: number;
}

export function clusterFiles(dataDir: string) {
  return {
    cluster: `${dataDir}-cluster.json`,
    server: `${dataDir}-server.json`,
    lock: `${dataDir}.lock`,
    log: `${dataDir}.log`,
  };
}

const defaultLog = (message: string) => process.stderr.write(`[parley/db] ${message}\n`);

export async function startDatabase(options: StartDatabaseOptions = {}): Promise<DatabaseHandle> {
  const externalUrl = "databaseUrl" in options ? options.databaseUrl : process.env.DATABASE_URL;
  if (externalUrl) {
    await checkExternalDatabase(externalUrl);
    return { url: externalUrl, source: "external", ownsCluster: false, stop: async () => {} };
  }
  const rootDir = options.rootDir ?? findRepoRoot();
  const dataDir = options.dataDir ?? join(rootDir, ".data", "postgres");
  return startEmbedded({
    dataDir,
    databaseName: options.databaseName ?? "parley",
    durable: options.durable ?? true,
    ephemeral: options.ephemeral ?? false,
    log: options.log ?? defaultLog,
  });
}

interface EmbeddedOptions {
  dataDir: string;
  databaseName: string;
  durable: boolean;
  ephemeral: boolean;
  log: (message: string) => void;
}

async function startEmbedded(options: EmbeddedOptions): Promise<DatabaseHandle> {
  const { dataDir, log } = options;
  const files = clusterFiles(dataDir);
  const dataParent = dirname(dataDir);
  const createdParent = !existsSync(dataParent);
  ensureTraversableDir(dataParent);
  const releaseLock = await acquireLock(files.lock);
  let failed = false;
  try {
    const cluster = readOrCreateClusterRecord(dataDir);

    const running = await findRunningServer(dataDir, cluster);
    if (running) {
      const record = readServerRecord(files.server);
      const ownerAlive =
        record !== undefined && record.pid === running.pid && isProcessAlive(record.ownerPid);
      const url = await ensureDatabase(running.port, cluster, options.databaseName);
      if (ownerAlive) {
        log(
          `using the embedded Postgres on port ${running.port} (started by pid ${record.ownerPid})`,
        );
        return { url, source: "reused", ownsCluster: false, stop: async () => {} };
      }
      log(`taking over the embedded Postgres on port ${running.port}: its owner is gone`);
      return own(options, running, url, "adopted");
    }

    // Nothing is running. A crash may have left a postmaster.pid behind whose pid now belongs
    // to some other process; postgres would refuse to start over it.
    rmSync(join(dataDir, "postmaster.pid"), { force: true });
    rmSync(files.server, { force: true });

    const fresh = !isClusterInitialised(dataDir);
    try {
      return await launchCluster(options, cluster, fresh);
    } catch (error) {
      failed = true;
      // A cluster this run began to create is removed with its files: the next start begins
      // afresh instead of tripping over a half-initialised .data/.
      if (fresh) removeCluster(dataDir);
      throw error;
    }
  } finally {
    releaseLock();
    if (failed && createdParent) {
      try {
        rmdirSync(dataParent);
      } catch {
        // not empty: something else lives there now
      }
    }
  }
}

/** Initialises the cluster if need be, checks it suits these binaries, and starts it. */
async function launchCluster(
  options: EmbeddedOptions,
  cluster: ClusterRecord,
  fresh: boolean,
): Promise<DatabaseHandle> {
  const { dataDir, log } = options;
  const files = clusterFiles(dataDir);
  if (!fresh) {
    const { postgres } = await resolvePostgresBinaries();
    assertClusterVersionMatches(dataDir, binaryMajorVersion(postgres));
  }
  await initialiseCluster({ dataDir, credentials: cluster });
  const port = await pickPort(cluster.port);
  if (cluster.port !== port) {
    if (cluster.port) log(`port ${cluster.port} is in use by another program: using ${port}`);
    writeJson(files.cluster, { ...cluster, port }, 0o600);
  }
  const settings: Record<string, string | number> = options.durable
    ? {}
    : { fsync: "off", synchronous_commit: "off", full_page_writes: "off", max_connections: 200 };
  const child = await launchPostmaster({ dataDir, port, logFile: files.log, settings });
  const pid = child.pid ?? 0;
  let url: string;
  try {
    await waitUntilAcceptingConnections({ pid, port, credentials: cluster, logFile: files.log });
    url = await ensureDatabase(port, cluster, options.databaseName);
  } catch (error) {
    await stopPostmaster(pid).catch(() => {});
    throw error;
  }
  log(`started embedded Postgres on port ${port} (data in ${dataDir})`);
  return own(options, { pid, port }, url, "started");
}

/** Records this process as the owner and returns a handle whose stop() shuts the cluster down. */
function own(
  options: EmbeddedOptions,
  server: { pid: number; port: number },
  url: string,
  source: "started" | "adopted",
): DatabaseHandle {
  const files = clusterFiles(options.dataDir);
  const record: ServerRecord = {
    pid: server.pid,
    port: server.port,
    ownerPid: process.pid,
    startedAt: new Date().toISOString(),
  };
  writeJson(files.server, record, 0o644);

  const forgetRecord = () => {
    if (readServerRecord(files.server)?.ownerPid === process.pid)
      rmSync(files.server, { force: true });
  };
  // Last resort when the process exits without calling stop(): ask postgres for a fast
  // shutdown (it finishes on its own) so no server outlives its owner.
  // The pid is checked first: if postgres crashed, the number may belong to someone else now.
  const onExit = () => {
    forgetRecord();
    if (!isPostmasterOf(server.pid, options.dataDir)) return;
    try {
      process.kill(server.pid, "SIGINT");
    } catch {
      // already gone
    }
  };
  process.once("exit", onExit);

  let stopping: Promise<void> | undefined;
  return {
    url,
    source,
    ownsCluster: true,
    stop() {
      stopping ??= (async () => {
        process.removeListener("exit", onExit);
        if (isPostmasterOf(server.pid, options.dataDir)) await stopPostmaster(server.pid);
        forgetRecord();
        if (options.ephemeral) removeCluster(options.dataDir);
        options.log(`stopped embedded Postgres (port ${server.port})`);
      })();
      return stopping;
    },
  };
}

/** A server for this data directory that is alive and answering, if there is one. */
async function findRunningServer(
  dataDir: string,
  credentials: ClusterCredentials,
): Promise<{ pid: number; port: number } | undefined> {
  // A server that is starting up or shutting down gets a few seconds to settle either way.
  const deadline = Date.now() + 15_000;
  for (;;) {
    const postmaster = readPostmasterPid(dataDir);
    if (!postmaster || !isPostmasterOf(postmaster.pid, dataDir)) return undefined;
    if (await acceptsConnections(postmaster.port, credentials)) return postmaster;
    if (Date.now() > deadline) {
      throw new Error(
        `A Postgres server (pid ${postmaster.pid}) is running on ${dataDir} but does not accept connections. Stop it (kill ${postmaster.pid}) and try again.`,
      );
    }
    await sleep(200);
  }
}

async function ensureDatabase(
  port: number,
  credentials: ClusterCredentials,
  database: string,
): Promise<string> {
  const client = new pg.Client({
    connectionString: databaseUrl({ credentials, port, database: "postgres" }),
  });
  await client.connect();
  try {
    const existing = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (existing.rowCount === 0) {
      await client.query(`create database ${client.escapeIdentifier(database)}`);
    }
  } finally {
    await client.end();
  }
  return databaseUrl({ credentials, port, database });
}

function readOrCreateClusterRecord(dataDir: string): ClusterRecord {
  const path = clusterFiles(dataDir).cluster;
  try {
    const record = JSON.parse(readFileSync(path, "utf8")) as ClusterRecord;
    if (record.user && record.password) return record;
  } catch {
    // first run
  }
  if (isClusterInitialised(dataDir)) {
    throw new Error(
      `${dataDir} holds a Postgres cluster but ${path} (its credentials) is missing. Delete ${dataDir} to start over with an empty database.`,
    );
  }
  const record: ClusterRecord = { user: "parley", password: randomBytes(18).toString("base64url") };
  writeJson(path, record, 0o600);
  return record;
}

export function readServerRecord(path: string): ServerRecord | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as ServerRecord;
  } catch {
    return undefined;
  }
}

function writeJson(path: string, value: unknown, mode: number): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`, { mode });
}

/** The previous port when it is still free (a stable URL for psql users), else any free one. */
async function pickPort(preferred: number | undefined): Promise<number> {
  if (preferred && (await isPortFree(preferred))) return preferred;
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * A lock file so that two processes starting at once do not both launch a server. A lock
 * whose holder died is taken over.
 */
async function acquireLock(path: string, timeoutMs = 60_000): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = Number.parseInt(readFileSafe(path), 10);
    if (!Number.isInteger(holder) || (holder !== process.pid && !isProcessAlive(holder))) {
      try {
        unlinkSync(path);
      } catch {
        // someone else cleared it first
      }
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${path} (held by pid ${holder})`);
    }
    await sleep(100);
  }
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

/** Deletes a cluster's data directory and side files (for ephemeral test clusters). */
export function removeCluster(dataDir: string): void {
  const files = clusterFiles(dataDir);
  rmSync(dataDir, { recursive: true, force: true });
  for (const file of [files.cluster, files.server, files.log]) rmSync(file, { force: true });
}

/** Stops whatever server still runs on a data directory (a crashed test run's) and removes it. */
export async function removeAbandonedCluster(dataDir: string): Promise<void> {
  const postmaster = readPostmasterPid(dataDir);
  if (postmaster && isPostmasterOf(postmaster.pid, dataDir)) {
    await stopPostmaster(postmaster.pid);
    await waitForExit(postmaster.pid, 5_000);
  }
  removeCluster(dataDir);
}

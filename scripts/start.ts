// `npm start`: the database (embedded unless DATABASE_URL is set), migrations and the seeded
// workspace, the install's simulated Anthropic API (without a key), a jobs worker, and the
// production web server. Ctrl-C stops all of them, the database last.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { prepareDatabase } from "@parley/db";
import { startWorker } from "@parley/jobs";
import { installSimulatorUrl, startInstallSimulator } from "@parley/simulator";
import { runBuild } from "./build.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.PORT ?? 3000);
const log = (message: string) => process.stdout.write(`[parley] ${message}\n`);

const stops: Array<{ name: string; stop: () => Promise<void>; stopped?: boolean }> = [];
let shuttingDown = false;

async function shutdown(reason: string, exitCode: number): Promise<never> {
  if (shuttingDown) return new Promise<never>(() => {});
  shuttingDown = true;
  log(`${reason}: stopping`);
  // A hung component must not keep the database running: past the deadline, stop the database
  // (always the first one started, so the last in line) and exit without the others.
  const deadline = setTimeout(() => {
    log("shutdown is taking too long; stopping the database and exiting");
    const database = stops[0];
    const exit = () => process.exit(exitCode || 1);
    if (!database || database.stopped) exit();
    else void database.stop().then(exit, exit);
  }, 20_000);
  deadline.unref();
  for (const component of [...stops].reverse()) {
    try {
      await component.stop();
      component.stopped = true;
      log(`${component.name} stopped`);
    } catch (error) {
      log(`${component.name} did not stop cleanly: ${(error as Error).message}`);
    }
  }
  process.exit(exitCode);
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => void shutdown(signal, 0));
}

/**
 * Checked first, before the build and the database: a port another program holds would
 * otherwise end the start, minutes later, with the web server's bare EADDRINUSE.
 */
async function assertWebPortFree(): Promise<void> {
  const host = process.env.HOST ?? "0.0.0.0";
  const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
    const probe = createServer();
    probe.once("error", (reason: NodeJS.ErrnoException) => resolve(reason));
    probe.listen(port, host, () => probe.close(() => resolve(undefined)));
  });
  if (!error) return;
  if (error.code === "EADDRINUSE") {
    throw new Error(
      `port ${port} is already in use (another npm start, or another program). Stop that program, or choose another port: PORT=${port + 1} npm start`,
    );
  }
  if (error.code === "EACCES") {
    throw new Error(
      `this user may not listen on port ${port} (ports below 1024 need privileges). Choose another port: PORT=3000 npm start`,
    );
  }
  throw error;
}

async function main(): Promise<void> {
  await assertWebPortFree();
  if (process.env.PARLEY_SKIP_BUILD !== "1") await runBuild(["@parley/web"]);
  const webEntry = path.join(root, "apps/web/build/index.js");
  if (!existsSync(webEntry)) throw new Error(`the web app is not built (${webEntry} is missing)`);

  const dataDir = process.env.PARLEY_DATA_DIR;
  const database = await prepareDatabase({ rootDir: root, log, ...(dataDir ? { dataDir } : {}) });
  stops.push({ name: "database", stop: database.stop });

  // The simulated Claude answers at a pace you can watch (~1.2 s per 1 000 tokens written, as a
  // fast real call would) unless told otherwise; tests set their own.
  process.env.PARLEY_SIM_LATENCY_MS ??= "1200";
  // One simulator for the install, on a known port, so `parley worker` in another shell shares
  // its organisation-wide limits with this worker (taken: a free port, and workers are told).
  if (!process.env.ANTHROPIC_API_KEY && !process.env.ANTHROPIC_BASE_URL) {
    const port = Number(new URL(installSimulatorUrl(process.env)).port);
    const simulator = await startInstallSimulator(process.env, port).catch((error: Error) => {
      log(`port ${port} is taken (${error.message}); the simulator takes a free one`);
      return startInstallSimulator(process.env, 0);
    });
    stops.push({ name: "simulator", stop: simulator.close });
    process.env.ANTHROPIC_BASE_URL = simulator.url;
    log(
      `simulated Anthropic API at ${simulator.url} (counters: ${simulator.url}/_simulator/stats)`,
    );
  }
  const worker = await startWorker({ databaseUrl: database.url, log });
  stops.push({ name: "worker", stop: worker.stop });

  // serve-web.ts runs the build as a plain-HTTP server (see there for why).
  const web = spawn(process.execPath, [path.join(root, "scripts/serve-web.ts")], {
    cwd: path.join(root, "apps/web"),
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      PORT: String(port),
      HOST: process.env.HOST ?? "0.0.0.0",
      ORIGIN: process.env.ORIGIN ?? `http://localhost:${port}`,
      // Open live-progress streams are cut after this many seconds of a graceful stop.
      SHUTDOWN_TIMEOUT: process.env.SHUTDOWN_TIMEOUT ?? "5",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const webExited = new Promise<void>((resolve) => web.once("exit", () => resolve()));
  stops.push({
    name: "web server",
    stop: async () => {
      if (web.exitCode === null) web.kill("SIGTERM");
      await webExited;
    },
  });
  web.once("exit", (code) => {
    if (!shuttingDown) void shutdown(`the web server exited with ${code}`, 1);
  });

  log(`Parley is running at http://localhost:${port}  (${worker.providerLabel})`);
  log("press Ctrl-C to stop");
}

main().catch((error: unknown) => {
  log(`could not start: ${error instanceof Error ? error.message : String(error)}`);
  void shutdown("start failed", 1);
});

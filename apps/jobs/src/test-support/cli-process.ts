// The CLI as real OS processes on a given database (`parley worker`, `parley batch watch`), for
// the tests and benchmarks that kill workers with SIGKILL: no stop(), no released claims.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

const REPO_ROOT = path.resolve(import.meta.dirname, "../../../..");
const CLI_MAIN = path.join(REPO_ROOT, "apps/cli/src/main.ts");

/** `npm run parley -- <args>` without the bootstrap, on the database at `databaseUrl`. */
export function spawnCli(
  databaseUrl: string,
  args: string[],
  extraEnv: Record<string, string> = {},
): ChildProcess {
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    ...extraEnv,
  };
  delete env.ANTHROPIC_API_KEY;
  delete env.PARLEY_DATA_DIR;
  return spawn(process.execPath, [CLI_MAIN, ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** `parley worker` as its own OS process, resolved once it says it is running. */
export function spawnCliWorker(
  databaseUrl: string,
  extraEnv: Record<string, string>,
): Promise<ChildProcess> {
  const child = spawnCli(databaseUrl, ["worker"], extraEnv);
  return new Promise((resolve, reject) => {
    let output = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("worker running")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`worker exited (${code}) early:\n${output}`)));
  });
}

/** SIGKILL, resolved once the process is gone. */
export function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

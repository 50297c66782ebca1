// Runs `parley` the way an operator does, as a child process on a test database, and collects
// what it printed: the CLI tests check its exit code, stdout and stderr as a user would see them.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const MAIN = join(dirname(fileURLToPath(import.meta.url)), "..", "main.ts");

export interface ParleyRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface ParleyRunOptions {
  databaseUrl: string;
  /** The folder the command is typed in (relative paths resolve there, as under `npm run`). */
  cwd?: string;
  env?: Record<string, string>;
  /**
   * Without the machine's ANTHROPIC_API_KEY and PARLEY_MODEL_PRICES: the simulated provider and
   * the published prices, whatever the environment the tests run in.
   */
  published?: boolean;
}

export function runParley(args: string[], options: ParleyRunOptions): Promise<ParleyRun> {
  const { ANTHROPIC_API_KEY, PARLEY_MODEL_PRICES, ...rest } = process.env;
  const inherited = options.published ? rest : process.env;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      ...(options.cwd ? { cwd: options.cwd } : {}),
      env: {
        ...inherited,
        ...(options.cwd ? { INIT_CWD: options.cwd } : {}),
        DATABASE_URL: options.databaseUrl,
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

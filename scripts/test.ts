// `npm test`: lint, type checks, unit and integration tests (real Postgres), the production build
// and the browser tests, in that order; stops at the first failing step and ends with one line
// counting every test that ran.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SERVER_CANARIES } from "../e2e/canaries.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const log = (message: string) => process.stdout.write(`\n[parley test] ${message}\n`);

interface Step {
  name: string;
  command: string;
  args: string[];
  /** Added to the environment the step runs in. */
  env?: Record<string, string>;
}

const turbo = (...args: string[]): Omit<Step, "name"> => ({
  command: "turbo",
  args: [...args, "--output-logs=new-only", "--log-order=grouped", "--concurrency=2"],
});

const steps: Step[] = [
  { name: "lint (biome)", command: "biome", args: ["check", "."] },
  { name: "type check (tsc, svelte-check)", ...turbo("run", "typecheck") },
  { name: "unit and integration tests (vitest, embedded Postgres)", ...turbo("run", "test") },
  // Built with fake secrets in the environment, which the browser tests look for in the bundle.
  { name: "production build", ...turbo("run", "build"), env: SERVER_CANARIES },
  { name: "browser tests (Playwright, Chromium)", ...turbo("run", "test:e2e") },
];

function run(step: Step): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, ...step.env },
    });
    child.once("error", (error) => {
      log(`${step.name}: could not start ${step.command}: ${error.message}`);
      resolve(1);
    });
    child.once("exit", (code) => resolve(code ?? 1));
  });
}

/** Result files written by the vitest and Playwright JSON reporters of each workspace package. */
function resultFiles(): string[] {
  const dirs = ["apps", "packages"].flatMap((group) =>
    readdirSync(path.join(root, group)).map((name) => path.join(root, group, name)),
  );
  dirs.push(path.join(root, "e2e"));
  return dirs
    .map((dir) => path.join(dir, "test-results"))
    .filter((dir) => existsSync(dir))
    .flatMap((dir) =>
      readdirSync(dir)
        .filter((file) => file.endsWith(".json"))
        .map((file) => path.join(dir, file)),
    );
}

function countResults(): { passed: number; failed: number; skipped: number } {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const file of resultFiles()) {
    const report = JSON.parse(readFileSync(file, "utf8"));
    if (typeof report.numPassedTests === "number") {
      // vitest
      totals.passed += report.numPassedTests;
      totals.failed += report.numFailedTests;
      totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    } else if (report.stats) {
      // Playwright
      totals.passed += report.stats.expected ?? 0;
      totals.failed += (report.stats.unexpected ?? 0) + (report.stats.flaky ?? 0);
      totals.skipped += report.stats.skipped ?? 0;
    }
  }
  return totals;
}

async function main(): Promise<void> {
  for (const file of resultFiles()) rmSync(file, { force: true });
  let failedStep: string | undefined;
  for (const step of steps) {
    log(`${step.name}`);
    const code = await run(step);
    if (code !== 0) {
      failedStep = step.name;
      break;
    }
  }
  const totals = countResults();
  if (failedStep) log(`FAILED: ${failedStep}`);
  const skipped = totals.skipped ? `, ${totals.skipped} skipped` : "";
  process.stdout.write(`\ntests: ${totals.passed} passed, ${totals.failed} failed${skipped}\n`);
  process.exit(failedStep || totals.failed > 0 ? 1 : 0);
}

void main();

// Browser tests against the production build, started the way `npm start` starts it but on its
// own port and its own throwaway embedded Postgres, in Debian's Chromium (never a downloaded one).
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { SERVER_CANARIES } from "./canaries.ts";

const port = Number(process.env.E2E_PORT ?? 3199);
const isCI = process.env.CI === "true" || process.env.CI === "1";
// A fresh embedded cluster per run (the config is evaluated once more in each test worker, so the
// name is fixed by the first evaluation through the environment); global-setup removes earlier runs' clusters.
process.env.E2E_DATA_DIR ??= path.resolve(import.meta.dirname, `../.data/e2e/run-${Date.now()}`);
// Every line the web server (and its worker) writes, for secrets.spec.ts to search.
process.env.E2E_SERVER_LOG ??= `${process.env.E2E_DATA_DIR}-web-server.log`;

export default defineConfig({
  testDir: "./tests",
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: isCI,
  retries: 0,
  reporter: [["list"], ["json", { outputFile: "test-results/report.json" }]],
  globalSetup: "./global-setup.ts",
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-dev-shm-usage",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: `node serve-with-log.ts ${JSON.stringify(process.env.E2E_SERVER_LOG)} ../scripts/start.ts`,
    url: `http://localhost:${port}/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
    env: {
      PORT: String(port),
      PARLEY_SKIP_BUILD: "1",
      PARLEY_DATA_DIR: process.env.E2E_DATA_DIR,
      PARLEY_SIM_LATENCY_MS: "150",
      // Specs count and compare simulated conversations; quality.spec.ts seeds its own flawed ones.
      PARLEY_SIM_FLAWS: "0",
      // Every test signs up its own accounts from the one test address, more than 30 a minute.
      PARLEY_SIGNUPS_PER_MINUTE: "1000",
      ANTHROPIC_API_KEY: "",
      DATABASE_URL: "",
      // Secrets the server really uses, as recognisable fakes: secrets.spec.ts looks for them
      // everywhere a browser or a download could see them.
      ...SERVER_CANARIES,
    },
  },
});

// Integration tests: a real worker, the real Postgres (embedded, one per run) and the simulator.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["@parley/db/testing/global-setup"],
    include: ["src/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest.json" },
  },
});

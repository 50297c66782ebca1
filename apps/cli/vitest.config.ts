// Integration tests against a real embedded Postgres, started once per run by @parley/db's global setup.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["@parley/db/testing/global-setup"],
    include: ["src/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest.json" },
  },
});

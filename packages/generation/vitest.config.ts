// Pure domain tests: no database (generation never touches one) and no server (the provider is
// tested against the simulated server in @parley/simulator).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    testTimeout: 30_000,
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest.json" },
  },
});

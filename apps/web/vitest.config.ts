// Server-route tests against a real embedded Postgres (one per run, @parley/db's global setup),
// compiled by the same SvelteKit plugin as the app so $app, #lib and route modules resolve.
import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [sveltekit()],
  test: {
    globalSetup: ["@parley/db/testing/global-setup"],
    include: ["src/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

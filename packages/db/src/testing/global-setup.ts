// Vitest global setup: one Postgres server for the whole test run, and a migrated template
// database that createTestDatabase() clones per test file in milliseconds.
//
// Use from any package's vitest.config.ts:
//   export default defineConfig({ test: { globalSetup: ["@parley/db/testing/global-setup"] } });
// then in tests:
//   import { createTestDatabase } from "@parley/db/testing";
//   const testDb = await createTestDatabase();   // { db, url, name, destroy() }
//
// With DATABASE_URL set, that server is used (its user needs CREATEDB) and only throwaway
// `parley_test_*` databases are created and dropped on it. Otherwise an embedded cluster is
// started in <repo>/.data/test-postgres-<pid> and removed afterwards; clusters left behind by
// a killed run are cleaned up by the next one.
import "./provided-context.ts";
import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { createDb } from "../create-db.ts";
import { isProcessAlive } from "../embedded/processes.ts";
import { findRepoRoot } from "../embedded/repo-root.ts";
import { removeAbandonedCluster, startDatabase } from "../embedded/start-database.ts";
import { migrateToLatest } from "../migrations/index.ts";
import { databaseUrlFor } from "./database-url.ts";

const TEST_CLUSTER_PATTERN = /^test-postgres-(\d+)$/;

async function removeAbandonedTestClusters(dataRoot: string): Promise<void> {
  let entries: string[];
  try {
    entries = readdirSync(dataRoot);
  } catch {
    return;
  }
  for (const entry of entries) {
    const match = TEST_CLUSTER_PATTERN.exec(entry);
    if (match && !isProcessAlive(Number(match[1]))) {
      await removeAbandonedCluster(join(dataRoot, entry));
    }
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const rootDir = findRepoRoot();
  const dataRoot = join(rootDir, ".data");
  await removeAbandonedTestClusters(dataRoot);

  const server = await startDatabase({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: join(dataRoot, `test-postgres-${process.pid}`),
    databaseName: "postgres",
    durable: false,
    ephemeral: true,
    log: () => {},
  });

  const template = `parley_test_template_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query(`create database ${admin.escapeIdentifier(template)}`);
  } finally {
    await admin.end();
  }
  // The template must have no open connections when it is cloned, so this pool is closed here.
  const templateDb = createDb(databaseUrlFor(server.url, template), { maxConnections: 1 });
  try {
    await migrateToLatest(templateDb);
  } finally {
    await templateDb.destroy();
  }

  project.provide("parleyTestServerUrl", server.url);
  project.provide("parleyTestTemplateDatabase", template);

  return async () => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      await client.query(
        `drop database if exists ${client.escapeIdentifier(template)} with (force)`,
      );
    } finally {
      await client.end();
    }
    await server.stop();
  };
}

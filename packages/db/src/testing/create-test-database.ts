// Throwaway databases for integration tests: a fresh clone of the migrated template per call,
// dropped again by destroy(). Needs the global setup in ./global-setup.ts (see there).
import "./provided-context.ts";
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import pg from "pg";
import { createDb } from "../create-db.ts";
import { createWorkspace } from "../repositories/workspaces.ts";
import type { DB, Workspace } from "../schema.ts";
import { seedReferenceScaffolding } from "../seed/seed-reference-scaffolding.ts";
import { databaseUrlFor } from "./database-url.ts";

export interface TestDatabase {
  db: Kysely<DB>;
  url: string;
  name: string;
  /** Closes the pool and drops the database. */
  destroy(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** false: an empty database (migration tests). Default true. */
  migrated?: boolean;
  /** Default 5 connections. */
  maxConnections?: number;
  /** Outside vitest (e.g. Playwright), pass what the global setup would have provided. */
  serverUrl?: string;
  templateDatabase?: string;
}

async function provided(options: CreateTestDatabaseOptions) {
  if (options.serverUrl && options.templateDatabase) {
    return { serverUrl: options.serverUrl, template: options.templateDatabase };
  }
  const { inject } = await import("vitest");
  const serverUrl = options.serverUrl ?? inject("parleyTestServerUrl");
  const template = options.templateDatabase ?? inject("parleyTestTemplateDatabase");
  if (!serverUrl || !template) {
    throw new Error(
      "No test database server: add @parley/db/testing/global-setup to globalSetup in vitest.config.ts",
    );
  }
  return { serverUrl, template };
}

export async function createTestDatabase(
  options: CreateTestDatabaseOptions = {},
): Promise<TestDatabase> {
  const { serverUrl, template } = await provided(options);
  const name = `parley_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const source = options.migrated === false ? "template0" : template;
    await admin.query(
      `create database ${admin.escapeIdentifier(name)} template ${admin.escapeIdentifier(source)}`,
    );
  } finally {
    await admin.end();
  }

  const url = databaseUrlFor(serverUrl, name);
  const db = createDb(url, {
    maxConnections: options.maxConnections ?? 5,
    applicationName: "parley-test",
  });
  let destroyed = false;
  return {
    db,
    url,
    name,
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      await db.destroy();
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A workspace for a test, optionally seeded with the reference scaffolding. */
export async function createTestWorkspace(
  db: Kysely<DB>,
  options: { name?: string; seed?: boolean; ownerUserId?: string } = {},
): Promise<Workspace> {
  const workspace = await createWorkspace(db, {
    name: options.name ?? "Test workspace",
    ownerUserId: options.ownerUserId ?? null,
  });
  if (options.seed) await seedReferenceScaffolding(db, { workspaceId: workspace.id });
  return workspace;
}

/** A better-auth-shaped user row, for tests that need members, reviewers or creators. */
export async function createTestUser(
  db: Kysely<DB>,
  options: { name?: string; email?: string } = {},
): Promise<{ id: string; name: string; email: string }> {
  const id = `user_${randomBytes(8).toString("hex")}`;
  return db
    .insertInto("users")
    .values({
      id,
      name: options.name ?? "Test User",
      email: options.email ?? `${id}@example.test`,
    })
    .returning(["id", "name", "email"])
    .executeTakeFirstOrThrow();
}

// Everything a process needs before it can serve: a running database (embedded unless
// DATABASE_URL is set), the schema migrated, and the seeded default workspace.
import { createDb } from "../create-db.ts";
import { migrateToLatest } from "../migrations/index.ts";
import { ensureDefaultWorkspace } from "../repositories/workspaces.ts";
import { type DatabaseHandle, type StartDatabaseOptions, startDatabase } from "./start-database.ts";

export interface PrepareDatabaseOptions extends StartDatabaseOptions {
  /** Create and seed the default workspace when missing; default true. */
  seedDefaultWorkspace?: boolean;
}

export interface PreparedDatabase extends DatabaseHandle {
  /** Names of the migrations this call ran (empty when the schema was current). */
  migrationsRun: string[];
  /** The default workspace's id, when seeding was on. */
  defaultWorkspaceId: string | null;
}

export async function prepareDatabase(
  options: PrepareDatabaseOptions = {},
): Promise<PreparedDatabase> {
  const handle = await startDatabase(options);
  const log = options.log ?? (() => {});
  const db = createDb(handle.url, { maxConnections: 2, applicationName: "parley-prepare" });
  try {
    const migrationsRun = await migrateToLatest(db);
    if (migrationsRun.length > 0) log(`database migrated: ${migrationsRun.join(", ")}`);
    let defaultWorkspaceId: string | null = null;
    if (options.seedDefaultWorkspace ?? true) {
      const { workspace, created } = await ensureDefaultWorkspace(db);
      defaultWorkspaceId = workspace.id;
      if (created) log(`created the "${workspace.name}" workspace with the reference scaffolding`);
    }
    return { ...handle, migrationsRun, defaultWorkspaceId };
  } catch (error) {
    await handle.stop().catch(() => {});
    throw error;
  } finally {
    await db.destroy();
  }
}

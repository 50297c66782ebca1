// What every command needs: the same database `npm start` uses (DATABASE_URL, else the embedded
// cluster in .data/, started here if it is not running) and the queue; both closed on exit.
import { createDb, type Database, findRepoRoot, prepareDatabase } from "@parley/db";
import { openQueue, type Queue } from "@parley/queue";
import { cliEnv } from "./env.ts";

export interface CliContext {
  db: Database;
  queue: Queue;
  databaseUrl: string;
  workspaceId: string;
  /** Whether `npm start` (or another process) owns the database this command is using. */
  sharedDatabase: boolean;
  close(): Promise<void>;
}

export async function openCliContext(log: (message: string) => void): Promise<CliContext> {
  const dataDir = cliEnv().PARLEY_DATA_DIR;
  const database = await prepareDatabase({
    rootDir: findRepoRoot(),
    log,
    ...(dataDir ? { dataDir } : {}),
  });
  const db = createDb(database.url, { applicationName: "parley-cli" });
  const queue = await openQueue({ databaseUrl: database.url, role: "producer" });
  if (!database.defaultWorkspaceId) throw new Error("the default workspace could not be prepared");
  return {
    db,
    queue,
    databaseUrl: database.url,
    workspaceId: database.defaultWorkspaceId,
    sharedDatabase: !database.ownsCluster,
    async close() {
      await queue.stop({ graceful: false, timeout: 1000 });
      await db.destroy();
      await database.stop();
    },
  };
}

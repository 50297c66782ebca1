// The setup every batch integration test shares: a fresh migrated database with the default
// workspace, a producer queue (what the web app and CLI use), and optionally an in-process
// worker talking to the simulated Anthropic API with the given PARLEY_SIM_* settings.
import { ensureDefaultWorkspace } from "@parley/db";
import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { openQueue, type Queue } from "@parley/queue";
import { type RunningWorker, startWorker } from "../worker.ts";

export interface BatchHarness {
  database: TestDatabase;
  queue: Queue;
  workspaceId: string;
  /** The worker's simulated Anthropic server, to look at what it was asked (null without one). */
  simulatorUrl: string | null;
  /** Stops the worker (if any) and the queue, and drops the database. */
  close(): Promise<void>;
}

export async function openBatchHarness(
  options: { simulatorEnv?: Record<string, string> } = {},
): Promise<BatchHarness> {
  const database = await createTestDatabase({ maxConnections: 10 });
  const workspaceId = (await ensureDefaultWorkspace(database.db)).workspace.id;
  const queue = await openQueue({ databaseUrl: database.url, role: "producer" });
  let worker: RunningWorker | undefined;
  if (options.simulatorEnv) {
    worker = await startWorker({
      databaseUrl: database.url,
      log: () => {},
      env: options.simulatorEnv,
    });
  }
  return {
    database,
    queue,
    workspaceId,
    simulatorUrl: worker?.simulatorUrl ?? null,
    async close() {
      await worker?.stop();
      await queue.stop({ graceful: false });
      await database.destroy();
    },
  };
}

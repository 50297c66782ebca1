// The services an API integration test runs on — a throwaway Postgres, a producer-only pg-boss
// and the live-progress hub — and callers into the real router. Test-only: nothing outside
// *.test.ts imports it, and the package's index does not export it.
import type { Database } from "@parley/db";
import { createTestDatabase } from "@parley/db/testing";
import { createProgressHub, openQueue, type ProgressHub, type Queue } from "@parley/queue";
import {
  type ApiContext,
  type ApiServices,
  createSignedInContext,
  type UserRef,
} from "../context.ts";
import { appRouter } from "../root.ts";
import { createCallerFactory } from "../trpc.ts";

const createCaller = createCallerFactory(appRouter);

export type ApiCaller = ReturnType<typeof createCaller>;

/** What a test may set beyond the services the harness opens itself (e.g. `secrets`). */
export type ApiServiceOverrides = Partial<Omit<ApiServices, "db" | "queue" | "progress">>;

export interface ApiHarness {
  /** The test's own database, for seeding and for reading back what a call stored. */
  db: Database;
  /** The producer queue, to see which jobs a call asked for. */
  queue: Queue;
  services: ApiServices;
  /** A caller as hooks.server.ts builds one: the session's user, the workspace they asked for. */
  callerFor(user: UserRef, requestedWorkspaceId?: string): Promise<ApiCaller>;
  /** A caller on a context the test built itself (anonymous, forged, or already signed in). */
  callerFrom(context: ApiContext): ApiCaller;
  /** Stops everything opened, even after a failed test; safe to call twice. */
  close(): Promise<void>;
}

/** No worker is started: jobs stay queued, so tests see what was asked for, not its outcome. */
export async function openApiHarness(overrides: ApiServiceOverrides = {}): Promise<ApiHarness> {
  const database = await createTestDatabase();
  let queue: Queue | undefined;
  let progress: ProgressHub | undefined;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await progress?.close();
      await queue?.stop({ graceful: false });
      await database.destroy();
    })();
    return closing;
  };
  try {
    queue = await openQueue({ databaseUrl: database.url, role: "producer" });
    progress = createProgressHub(database.url);
  } catch (error) {
    await close();
    throw error;
  }
  const services: ApiServices = {
    db: database.db,
    queue,
    progress,
    simulated: true,
    ...overrides,
  };
  return {
    db: database.db,
    queue,
    services,
    async callerFor(user, requestedWorkspaceId) {
      const { context } = await createSignedInContext(services, { user, requestedWorkspaceId });
      return createCaller(context);
    },
    callerFrom: (context) => createCaller(context),
    close,
  };
}

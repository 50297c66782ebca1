// Long-lived server resources (database pool, queue producer, live-progress listener, the cipher
// that seals workspace secrets), created on first use and shared by every request of this process.
import type { ApiServices } from "@parley/api";
import { createDb, resolveSecretCipher } from "@parley/db";
import { createProgressHub, openQueue } from "@parley/queue";
import { serverEnv } from "./env.ts";

let services: Promise<ApiServices> | undefined;

export function getServices(): Promise<ApiServices> {
  services ??= (async () => {
    const env = serverEnv();
    const log = (message: string) => console.error(`[web] ${message}`);
    // The same key as the worker's: PARLEY_SECRET_KEY, else the checkout's .data/secret-key.
    const secrets = resolveSecretCipher({ env: env.secretKeys, log });
    const db = createDb(env.DATABASE_URL);
    const queue = await openQueue({
      databaseUrl: env.DATABASE_URL,
      role: "producer",
      onError: (error) => log(`queue: ${error.message}`),
    });
    const progress = createProgressHub(env.DATABASE_URL, log);
    return {
      db,
      queue,
      progress,
      simulated: env.providerSimulated,
      ...(env.simulatorTiming ? { simulator: env.simulatorTiming } : {}),
      secrets,
    };
  })();
  return services;
}

/**
 * adapter-node stops accepting requests on SIGTERM/SIGINT and emits `sveltekit:shutdown` once
 * open requests are done; the pool, the queue and the LISTEN connection would otherwise keep
 * the process alive (and `npm start` waiting on it).
 */
process.once("sveltekit:shutdown", () => {
  if (!services) return;
  void services.then(async ({ db, queue, progress }) => {
    await Promise.allSettled([progress.close(), queue.stop({ graceful: false }), db.destroy()]);
  });
});

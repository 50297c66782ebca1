// A thin typed wrapper over pg-boss: creates the catalog's queues and sends payloads that were
// checked against their schema, so nothing malformed ever reaches a worker.
import { PgBoss, type SendOptions } from "pg-boss";
import { JOBS, type JobName, type JobPayload } from "./catalog.ts";

export interface Queue {
  boss: PgBoss;
  send<N extends JobName>(
    name: N,
    payload: JobPayload<N>,
    options?: SendOptions,
  ): Promise<string | null>;
  sendMany<N extends JobName>(
    name: N,
    jobs: Array<{ payload: JobPayload<N>; options?: Omit<SendOptions, "db"> }>,
  ): Promise<void>;
  /** Cancels the queued (not yet started) jobs of one queue whose payload contains `match`. */
  cancelQueued(name: JobName, match: Record<string, string>): Promise<number>;
  stop(options?: { graceful?: boolean; timeout?: number }): Promise<void>;
}

export interface OpenQueueOptions {
  databaseUrl: string;
  /** Workers run maintenance and schedules; producers (web, cli) do not need to. */
  role: "worker" | "producer";
  onError?: (error: Error) => void;
}

export async function openQueue(options: OpenQueueOptions): Promise<Queue> {
  const isWorker = options.role === "worker";
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    max: isWorker ? 6 : 3,
    supervise: isWorker,
    // The supervisor is also what fails a dead worker's jobs once their heartbeat goes stale
    // (heartbeatSeconds in the catalog); at pg-boss's default 60 s pass a killed worker's items
    // would sit "active" for over a minute, holding the batch's concurrency slots.
    ...(isWorker ? { superviseIntervalSeconds: 5, monitorIntervalSeconds: 5 } : {}),
    schedule: isWorker,
    migrate: true,
  });
  boss.on("error", (error: Error) => options.onError?.(error));
  await boss.start();
  await ensureQueues(boss);

  return {
    boss,
    send: (name, payload, sendOptions) =>
      boss.send(name, JOBS[name].payload.parse(payload) as object, sendOptions ?? {}),
    async sendMany(name, jobs) {
      const schema = JOBS[name].payload;
      // pg-boss inserts in one statement; chunk so a 10 000-item batch stays a few round trips.
      for (let start = 0; start < jobs.length; start += 1000) {
        const chunk = jobs.slice(start, start + 1000).map(({ payload, options: jobOptions }) => ({
          data: schema.parse(payload) as object,
          ...jobOptions,
        }));
        await boss.insert(name, chunk);
      }
    },
    async cancelQueued(name, match) {
      const queued = await boss.findJobs(name, { data: match, queued: true });
      if (queued.length === 0) return 0;
      await boss.cancel(
        name,
        queued.map((job) => job.id),
      );
      return queued.length;
    },
    stop: (stopOptions) => boss.stop({ graceful: true, timeout: 20_000, ...stopOptions }),
  };
}

async function ensureQueues(boss: PgBoss): Promise<void> {
  // Dead-letter targets first: a queue may only name an existing dead-letter queue.
  const all = Object.keys(JOBS) as JobName[];
  const names = [
    ...all.filter((n) => n.endsWith(".dead")),
    ...all.filter((n) => !n.endsWith(".dead")),
  ];
  for (const name of names) {
    const existing = await boss.getQueue(name);
    if (existing) await boss.updateQueue(name, JOBS[name].queue);
    else await boss.createQueue(name, JOBS[name].queue);
  }
}

// Live batch progress over Postgres LISTEN/NOTIFY: writers notify inside the transaction that
// changed an item (delivered at commit, so a listener never sees uncommitted state), and one
// listening connection per process fans the events out to every subscriber.
import { EventEmitter, on } from "node:events";
import pg from "pg";

export const PROGRESS_CHANNEL = "parley_batch_progress";

export interface ProgressEvent {
  batchId: string;
}

export interface ProgressHub {
  /** Yields each time the batch changes, until `signal` aborts. */
  changes(batchId: string, signal: AbortSignal): AsyncGenerator<ProgressEvent>;
  close(): Promise<void>;
}

export function createProgressHub(
  databaseUrl: string,
  log: (message: string) => void = () => {},
): ProgressHub {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  let client: pg.Client | null = null;
  let closed = false;
  let connecting: Promise<void> | null = null;

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: databaseUrl });
    next.on("notification", (message) => {
      if (message.channel !== PROGRESS_CHANNEL || !message.payload) return;
      emitter.emit(message.payload, { batchId: message.payload });
    });
    // A dropped connection (database restart) is re-established; subscribers keep waiting.
    next.on("error", () => {
      client = null;
      if (!closed) setTimeout(() => void ensureConnected().catch(() => {}), 1000).unref();
    });
    await next.connect();
    await next.query(`LISTEN ${PROGRESS_CHANNEL}`);
    client = next;
  }

  function ensureConnected(): Promise<void> {
    if (client || closed) return Promise.resolve();
    connecting ??= connect()
      .catch((error: Error) => {
        log(`progress listener could not connect: ${error.message}`);
        throw error;
      })
      .finally(() => {
        connecting = null;
      });
    return connecting;
  }

  return {
    async *changes(batchId, signal) {
      await ensureConnected();
      try {
        for await (const [event] of on(emitter, batchId, { signal })) {
          yield event as ProgressEvent;
        }
      } catch (error) {
        if (!signal.aborted) throw error;
      }
    },
    async close() {
      closed = true;
      await client?.end().catch(() => {});
      client = null;
    },
  };
}

/** SQL that a writer runs inside its transaction to announce a change to a batch. */
export const NOTIFY_PROGRESS_SQL = "select pg_notify($1, $2)";
export function notifyProgressParams(batchId: string): [string, string] {
  return [PROGRESS_CHANNEL, batchId];
}

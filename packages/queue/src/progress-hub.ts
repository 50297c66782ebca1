// Live batch progress over Postgres LISTEN/NOTIFY: writers notify inside the transaction that
// changed an item (delivered at commit, so a listener never sees uncommitted state), and one
// listening connection per process fans the events out to every subscriber.
import { EventEmitter, on } from "node:events";
import pg from "pg";

export const PROGRESS_CHANNEL = "parley_batch_progress";

export interface ProgressEvent {
  batchId: string;
}

/** Changes to one batch (or draft), buffered from the moment the subscription is made. */
export interface ProgressSubscription extends AsyncIterable<ProgressEvent> {
  /** Stops listening; an iteration in progress ends. */
  close(): void;
}

export interface ProgressHub {
  /**
   * Starts listening at once and resolves once the listener is in place: a change committed
   * after that is delivered even if the caller reads the current state first and iterates later.
   * Read the state after subscribing, never before, or a change in between is lost.
   */
  subscribe(batchId: string, signal: AbortSignal): Promise<ProgressSubscription>;
  /** Every change on the channel, whatever the batch (or draft): the workspace notifications. */
  subscribeAll(signal: AbortSignal): Promise<ProgressSubscription>;
  close(): Promise<void>;
}

/** The emitter's event for every change; a symbol, so no batch id can collide with it. */
const EVERY_CHANGE = Symbol("every change");

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
      emitter.emit(EVERY_CHANGE, { batchId: message.payload });
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

  async function subscribeTo(event: string | symbol, signal: AbortSignal) {
    await ensureConnected();
    // `on` attaches its listener now and buffers what arrives until it is read.
    const events = on(emitter, event, { signal });
    return {
      async *[Symbol.asyncIterator]() {
        try {
          for await (const [change] of events) yield change as ProgressEvent;
        } catch (error) {
          if (!signal.aborted) throw error;
        }
      },
      close() {
        void events.return?.();
      },
    };
  }

  return {
    subscribe: (batchId, signal) => subscribeTo(batchId, signal),
    subscribeAll: (signal) => subscribeTo(EVERY_CHANGE, signal),
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

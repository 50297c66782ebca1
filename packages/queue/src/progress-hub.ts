// Live batch progress over Postgres LISTEN/NOTIFY: writers notify inside the transaction that
// changed an item (delivered at commit, so a listener never sees uncommitted state), and one
// listening connection per process fans the events out to every subscriber.
import { EventEmitter } from "node:events";
import { performance } from "node:perf_hooks";
import pg from "pg";

export const PROGRESS_CHANNEL = "parley_batch_progress";

export interface ProgressEvent {
  batchId: string;
  /**
   * When this process heard the change (`performance.now()`): a read of the batch started at or
   * after it sees the change, so subscribers woken together can share one such read.
   */
  receivedAt: number;
}

/**
 * Changes to one batch (or draft), kept from the moment the subscription is made. A subscriber
 * busy with the last change finds the ones that came meanwhile folded into one (the latest):
 * each says only "read again", so nothing piles up for a slow reader.
 */
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
  /** Open subscriptions to one batch (each closed or aborted one is gone from the count). */
  subscribers(batchId: string): number;
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
      const event: ProgressEvent = { batchId: message.payload, receivedAt: performance.now() };
      emitter.emit(message.payload, event);
      emitter.emit(EVERY_CHANGE, event);
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

  /**
   * One subscription to `key` (a batch id, or every change). Changes that arrive while the reader
   * is busy are folded per batch, the latest kept: each only says "read again", so a slow reader
   * never piles up events, and the all-batches subscription still hears of every batch.
   */
  async function subscribeTo(
    key: string | symbol,
    signal: AbortSignal,
  ): Promise<ProgressSubscription> {
    await ensureConnected();
    const pending = new Map<string, ProgressEvent>();
    let ended = false;
    let wake: (() => void) | null = null;
    // Attached now, so a change committed before the caller starts iterating is kept.
    const listener = (event: ProgressEvent) => {
      pending.delete(event.batchId);
      pending.set(event.batchId, event);
      wake?.();
    };
    const end = () => {
      ended = true;
      emitter.off(key, listener);
      signal.removeEventListener("abort", end);
      wake?.();
    };
    emitter.on(key, listener);
    signal.addEventListener("abort", end, { once: true });
    if (signal.aborted) end();
    return {
      async *[Symbol.asyncIterator]() {
        try {
          while (!ended) {
            const [first] = pending.values();
            if (first) {
              pending.delete(first.batchId);
              yield first;
              continue;
            }
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
            wake = null;
          }
        } finally {
          end();
        }
      },
      close: end,
    };
  }

  return {
    subscribe: (batchId, signal) => subscribeTo(batchId, signal),
    subscribeAll: (signal) => subscribeTo(EVERY_CHANGE, signal),
    subscribers: (batchId) => emitter.listenerCount(batchId),
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

// Simulated Message Batches: a batch is in_progress for the configured delay, then ends with one
// result per request (succeeded, errored, expired, or canceled if the batch was cancelled before
// that request's turn came). State is derived from the clock when asked, so no timers run.
import { invalidRequest, SimulatedApiError } from "./api-error.ts";
import { randomId } from "./compose-message.ts";
import type { Random } from "./seeded-random.ts";

export interface BatchRequest {
  custom_id: string;
  params: unknown;
}

export type BatchResult =
  | { type: "succeeded"; message: Record<string, unknown> }
  | {
      type: "errored";
      error: { type: "error"; error: { type: string; message: string }; request_id: string | null };
    }
  | { type: "expired" }
  | { type: "canceled" };

/** Runs one request of a batch when the batch reaches it. */
export type BatchProcessor = (params: unknown, now: number) => BatchResult;

interface StoredBatch {
  id: string;
  requests: BatchRequest[];
  createdAt: number;
  endsAt: number;
  cancelInitiatedAt: number | null;
  endedAt: number | null;
  results: Array<{ custom_id: string; result: BatchResult }> | null;
}

const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;
const DAY_MS = 24 * 60 * 60_000;
const MAX_REQUESTS = 100_000;

const iso = (ms: number) => new Date(ms).toISOString();

export class MessageBatchStore {
  private readonly batches = new Map<string, StoredBatch>();
  private readonly delayMs: number;
  private readonly process: BatchProcessor;
  private readonly ids: Random;
  private readonly baseUrl: () => string;

  constructor(options: {
    delayMs: number;
    process: BatchProcessor;
    ids: Random;
    baseUrl: () => string;
  }) {
    this.delayMs = options.delayMs;
    this.process = options.process;
    this.ids = options.ids;
    this.baseUrl = options.baseUrl;
  }

  create(body: unknown, now: number) {
    const requests = (body as { requests?: unknown } | null)?.requests;
    if (!Array.isArray(requests) || requests.length === 0) {
      throw invalidRequest("requests: at least one request is required");
    }
    if (requests.length > MAX_REQUESTS) {
      throw invalidRequest(`requests: at most ${MAX_REQUESTS} requests per batch`);
    }
    const seen = new Set<string>();
    requests.forEach((request: unknown, i) => {
      const r = request as Partial<BatchRequest> | null;
      if (typeof r?.custom_id !== "string" || !CUSTOM_ID.test(r.custom_id)) {
        throw invalidRequest(`requests.${i}.custom_id: must match ^[a-zA-Z0-9_-]{1,64}$`);
      }
      if (seen.has(r.custom_id)) {
        throw invalidRequest(
          `requests.${i}.custom_id: "${r.custom_id}" is used twice; custom_id must be unique`,
        );
      }
      seen.add(r.custom_id);
      if (typeof r.params !== "object" || r.params === null) {
        throw invalidRequest(`requests.${i}.params: Field required`);
      }
    });
    const batch: StoredBatch = {
      id: randomId("msgbatch_01", this.ids, 22),
      requests: requests as BatchRequest[],
      createdAt: now,
      endsAt: now + this.delayMs,
      cancelInitiatedAt: null,
      endedAt: null,
      results: null,
    };
    this.batches.set(batch.id, batch);
    return this.view(batch, now);
  }

  retrieve(id: string, now: number) {
    return this.view(this.get(id), now);
  }

  /**
   * Newest first, a page at a time: `afterId` continues after that batch, as the API's `after_id`
   * does (the SDK's auto-pagination sends it). Reconciling orphaned submissions walks this list.
   */
  list(now: number, limit = 20, afterId: string | null = null) {
    // Insertion order breaks ties between batches created in the same millisecond.
    const newestFirst = [...this.batches.values()].reverse();
    newestFirst.sort((a, b) => b.createdAt - a.createdAt);
    const start = afterId === null ? 0 : newestFirst.findIndex((b) => b.id === afterId) + 1;
    if (afterId !== null && start === 0) {
      throw invalidRequest(`after_id: no message batch with id ${afterId}`);
    }
    const all = newestFirst.slice(start, start + limit);
    const data = all.map((b) => this.view(b, now));
    return {
      data,
      has_more: newestFirst.length > start + all.length,
      first_id: data[0]?.id ?? null,
      last_id: data.at(-1)?.id ?? null,
    };
  }

  cancel(id: string, now: number) {
    const batch = this.get(id);
    this.settle(batch, now);
    if (batch.results) return this.view(batch, now);
    batch.cancelInitiatedAt = now;
    const view = this.view(batch, now);
    this.finish(batch, now);
    // The cancel response itself reports the transition, as the real API does.
    return { ...view, processing_status: "canceling" as const };
  }

  delete(id: string, now: number) {
    const batch = this.get(id);
    this.settle(batch, now);
    if (!batch.results) {
      throw invalidRequest(
        "A batch that is still processing must be canceled before it can be deleted.",
      );
    }
    this.batches.delete(id);
    return { id, type: "message_batch_deleted" as const };
  }

  /** The JSONL results, one line per request. */
  results(id: string, now: number): string {
    const batch = this.get(id);
    this.settle(batch, now);
    if (!batch.results) {
      throw new SimulatedApiError(
        404,
        "not_found_error",
        `Results for ${id} are not available until processing has ended.`,
      );
    }
    return batch.results.map((line) => `${JSON.stringify(line)}\n`).join("");
  }

  private get(id: string): StoredBatch {
    const batch = this.batches.get(id);
    if (!batch)
      throw new SimulatedApiError(404, "not_found_error", `No message batch with id ${id}.`);
    return batch;
  }

  private settle(batch: StoredBatch, now: number): void {
    if (!batch.results && now >= batch.endsAt) this.finish(batch, batch.endsAt);
  }

  /** Requests are worked through evenly over the delay; cancelling stops the rest. */
  private finish(batch: StoredBatch, at: number): void {
    const count = batch.requests.length;
    batch.results = batch.requests.map((request, i) => {
      const reachedAt = batch.createdAt + (this.delayMs * (i + 1)) / count;
      const canceled = batch.cancelInitiatedAt !== null && reachedAt > batch.cancelInitiatedAt;
      const result: BatchResult = canceled
        ? { type: "canceled" }
        : this.process(request.params, at);
      return { custom_id: request.custom_id, result };
    });
    batch.endedAt = at;
  }

  private view(batch: StoredBatch, now: number) {
    this.settle(batch, now);
    const counts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    if (batch.results) for (const { result } of batch.results) counts[result.type]++;
    else counts.processing = batch.requests.length;
    const ended = batch.results !== null;
    return {
      id: batch.id,
      type: "message_batch" as const,
      processing_status: ended
        ? ("ended" as const)
        : batch.cancelInitiatedAt !== null
          ? ("canceling" as const)
          : ("in_progress" as const),
      request_counts: counts,
      created_at: iso(batch.createdAt),
      expires_at: iso(batch.createdAt + DAY_MS),
      ended_at: batch.endedAt !== null ? iso(batch.endedAt) : null,
      cancel_initiated_at: batch.cancelInitiatedAt !== null ? iso(batch.cancelInitiatedAt) : null,
      archived_at: null,
      results_url: ended ? `${this.baseUrl()}/v1/messages/batches/${batch.id}/results` : null,
    };
  }
}

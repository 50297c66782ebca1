// The simulated Anthropic API: a real HTTP server on loopback speaking the Messages, token
// counting and Message Batches wire protocol, with rate limits, prompt caching, latency and
// injected faults, so the real SDK can be pointed at it with `baseURL`.
import { randomInt } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { errorBody, invalidRequest, SimulatedApiError } from "./api-error.ts";
import { type ComposedMessage, composeMessage, randomId } from "./compose-message.ts";
import { FLAW_KINDS, type FlawKind } from "./conversation-flaws.ts";
import { FaultInjector } from "./fault-injector.ts";
import { sampleLatencyMs } from "./latency.ts";
import { type BatchResult, MessageBatchStore } from "./message-batches.ts";
import { type MinuteMaxima, MinuteWindows } from "./minute-windows.ts";
import { PromptCache } from "./prompt-cache.ts";
import { randomFromSeed } from "./seeded-random.ts";
import { ServerRateLimits } from "./server-rate-limits.ts";
import { listSimulatedModels, retrieveSimulatedModel } from "./simulated-models.ts";
import {
  FAULT_KINDS,
  type FaultKind,
  type ScriptedFault,
  SIMULATOR_DEFAULTS,
  type SimulatorOptions,
} from "./simulator-options.ts";
import { validateMessageRequest } from "./validate-message-request.ts";

export interface SimulatorStats {
  /** HTTP requests received, all routes. */
  requests: number;
  /** POST /v1/messages received. */
  messages: number;
  /** Messages answered with a 200. */
  succeeded: number;
  countTokens: number;
  /** Responses by HTTP status ("200", "429", ...). */
  statuses: Record<string, number>;
  /** Injected faults by kind (Messages and batch requests). */
  faults: Record<FaultKind, number>;
  /** 429s because a rate-limit bucket was empty (not injected). */
  rateLimited: number;
  /** Calls whose client went away before the answer (no work is done after that). */
  aborted: number;
  cacheWrites: number;
  cacheReads: number;
  tokens: { input: number; output: number; cacheCreation: number; cacheRead: number };
  batches: { created: number; requests: number } & Record<BatchResult["type"], number>;
  /** Conversations written with a flaw, by kind (a retried request counts again). */
  flaws: Record<FlawKind, number>;
  /**
   * The flaw each flawed conversation carries, by transcriptKey of its turns: the ground truth
   * for measuring the quality checks (bench/quality-separation.ts, the worker's review test).
   * Keeps the most recent 50 000.
   */
  flawedTranscripts: Record<string, FlawKind>;
  /**
   * The most Messages requests received (accepted or refused), input tokens they asked for and
   * output tokens answered in any 60-second window: over a limit means the clients overran it.
   */
  maxPerMinute: MinuteMaxima;
  /** The organisation's limits this server enforces. */
  limits: {
    requestsPerMinute: number;
    inputTokensPerMinute: number;
    outputTokensPerMinute: number;
  };
}

export interface RunningSimulator {
  /** Base URL for the SDK's `baseURL`, e.g. http://127.0.0.1:43125 */
  url: string;
  /** Live counters. */
  stats: SimulatorStats;
  /** Scripts the outcome of the next calls (before random faults resume), e.g. ("malformed", "none"). */
  queueFaults(...outcomes: ScriptedFault[]): void;
  close(): Promise<void>;
}

const MAX_RECORDED_FLAWS = 50_000;
const MAX_MESSAGE_BODY = 32 * 1024 * 1024;
const MAX_BATCH_BODY = 256 * 1024 * 1024;
const VERSION_FORMAT = /^\d{4}-\d{2}-\d{2}$/;

function emptyStats(maxPerMinute: MinuteMaxima, limits: SimulatorStats["limits"]): SimulatorStats {
  return {
    maxPerMinute,
    limits,
    requests: 0,
    messages: 0,
    succeeded: 0,
    countTokens: 0,
    statuses: {},
    faults: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>,
    rateLimited: 0,
    aborted: 0,
    cacheWrites: 0,
    cacheReads: 0,
    tokens: { input: 0, output: 0, cacheCreation: 0, cacheRead: 0 },
    batches: { created: 0, requests: 0, succeeded: 0, errored: 0, expired: 0, canceled: 0 },
    flaws: Object.fromEntries(FLAW_KINDS.map((k) => [k, 0])) as Record<FlawKind, number>,
    flawedTranscripts: {},
  };
}

function readBody(req: IncomingMessage, limit: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(
          new SimulatedApiError(
            413,
            "request_too_large",
            `Request exceeds the maximum allowed size of ${limit} bytes.`,
          ),
        );
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      if (text.trim() === "") return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch (err) {
        reject(
          invalidRequest(
            `There was an error parsing the body of your request: ${(err as Error).message}`,
          ),
        );
      }
    });
    req.on("error", reject);
  });
}

function waitUnlessAborted(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    if (ms <= 0) return resolve(true);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const now = options.now ?? Date.now;
  const seed = options.seed ?? randomInt(2 ** 31);
  const faultRandom = randomFromSeed(seed);
  const latencyRandom = randomFromSeed(seed ^ 0x2545f491);
  const ids = randomFromSeed(seed ^ 0x5bd1e995);
  const latencyMs = options.latencyMs ?? SIMULATOR_DEFAULTS.latencyMs;
  const faultRetryAfter =
    options.faultRetryAfterSeconds ?? SIMULATOR_DEFAULTS.faultRetryAfterSeconds;
  const orgLimits = {
    requestsPerMinute: options.requestsPerMinute ?? SIMULATOR_DEFAULTS.requestsPerMinute,
    inputTokensPerMinute: options.inputTokensPerMinute ?? SIMULATOR_DEFAULTS.inputTokensPerMinute,
    outputTokensPerMinute:
      options.outputTokensPerMinute ?? SIMULATOR_DEFAULTS.outputTokensPerMinute,
  };
  const windows = new MinuteWindows();
  const stats = emptyStats(windows.max, orgLimits);
  const cache = new PromptCache();
  const faults = new FaultInjector(options.faults ?? {}, faultRandom);
  const flaws = options.flaws ?? {};
  const recordFlaw = (flaw: ComposedMessage["flaw"]) => {
    if (!flaw) return;
    stats.flaws[flaw.kind]++;
    const recorded = stats.flawedTranscripts;
    recorded[flaw.transcriptKey] = flaw.kind;
    const keys = Object.keys(recorded);
    if (keys.length > MAX_RECORDED_FLAWS) delete recorded[keys[0] as string];
  };
  const limits = new ServerRateLimits(orgLimits, now(), options.startEmpty === true);
  let baseUrl = "";
  let closing: Promise<void> | undefined;

  const countUsage = (usage: {
    input_tokens: number;
    output_tokens: number;
    cache_creation_input_tokens: number;
    cache_read_input_tokens: number;
  }) => {
    stats.tokens.input += usage.input_tokens;
    stats.tokens.output += usage.output_tokens;
    stats.tokens.cacheCreation += usage.cache_creation_input_tokens;
    stats.tokens.cacheRead += usage.cache_read_input_tokens;
    if (usage.cache_creation_input_tokens > 0) stats.cacheWrites++;
    if (usage.cache_read_input_tokens > 0) stats.cacheReads++;
  };

  const processBatchRequest = (params: unknown, at: number): BatchResult => {
    const errored = (type: string, message: string): BatchResult => ({
      type: "errored",
      error: { type: "error", error: { type, message }, request_id: randomId("req_01", ids, 22) },
    });
    let request: ReturnType<typeof validateMessageRequest>;
    try {
      request = validateMessageRequest(params, "2026-10-21");
    } catch (err) {
      const e = err instanceof SimulatedApiError ? err : invalidRequest(String(err));
      return errored(e.type, e.message);
    }
    const fault = faults.next();
    if (fault) stats.faults[fault]++;
    if (fault === "429")
      return errored(
        "rate_limit_error",
        "Rate limited while processing this batch request (simulated fault).",
      );
    if (fault === "529") return errored("overloaded_error", "Overloaded (simulated fault).");
    if (fault === "500") return errored("api_error", "Internal server error (simulated fault).");
    if (fault === "400")
      return errored("invalid_request_error", "Invalid request (simulated fault).");
    if (fault === "timeout") return { type: "expired" };
    const accounting = cache.plan(request, at, options.minCacheableTokens);
    const composed = composeMessage(request, accounting, {
      malformed: fault === "malformed",
      serviceTier: "batch",
      ids,
      flaws,
    });
    recordFlaw(composed.flaw);
    cache.commit(accounting, at);
    countUsage(composed.body.usage as Parameters<typeof countUsage>[0]);
    return { type: "succeeded", message: composed.body };
  };

  const batches = new MessageBatchStore({
    delayMs: options.batchDelayMs ?? SIMULATOR_DEFAULTS.batchDelayMs,
    process: (params, at) => {
      const result = processBatchRequest(params, at);
      stats.batches[result.type]++;
      return result;
    },
    ids,
    baseUrl: () => baseUrl,
  });

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.requests++;
    const requestId = randomId("req_01", ids, 22);
    const abort = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) abort.abort();
    });

    const send = (
      status: number,
      body: unknown,
      headers: Record<string, string> = {},
      contentType = "application/json",
    ) => {
      if (res.writableEnded || res.destroyed) return;
      stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
      res.writeHead(status, {
        "content-type": contentType,
        "request-id": requestId,
        ...limits.headers(now()),
        ...headers,
      });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };

    try {
      const url = new URL(req.url ?? "/", "http://simulator.local");
      const path = url.pathname.replace(/\/+$/, "");
      const method = req.method ?? "GET";

      // The install's operators read the counters here (no key: nothing secret is in them).
      if (method === "GET" && path === "/_simulator/stats") return send(200, stats);

      const apiKey =
        req.headers["x-api-key"] ?? req.headers.authorization?.replace(/^Bearer\s+/i, "");
      if (!apiKey) {
        throw new SimulatedApiError(
          401,
          "authentication_error",
          "Missing API key: send x-api-key or Authorization: Bearer.",
        );
      }
      const version = String(req.headers["anthropic-version"] ?? "");
      if (!version) throw invalidRequest("anthropic-version: header is required");
      if (!VERSION_FORMAT.test(version))
        throw invalidRequest(`anthropic-version: "${version}" is not a valid version`);

      if (method === "POST" && path === "/v1/messages") {
        await handleMessage(
          await readBody(req, MAX_MESSAGE_BODY),
          version,
          abort.signal,
          send,
          res,
        );
        return;
      }
      if (method === "POST" && path === "/v1/messages/count_tokens") {
        stats.countTokens++;
        const request = validateMessageRequest(await readBody(req, MAX_MESSAGE_BODY), version, {
          forTokenCount: true,
        });
        send(200, { input_tokens: cache.countTokens(request) });
        return;
      }
      if (method === "GET" && path === "/v1/models") {
        send(200, listSimulatedModels(url.searchParams));
        return;
      }
      const modelMatch = /^\/v1\/models\/([\w.:@-]+)$/.exec(path);
      if (method === "GET" && modelMatch) {
        send(200, retrieveSimulatedModel(modelMatch[1] ?? ""));
        return;
      }
      if (path === "/v1/messages/batches") {
        if (method === "POST") {
          const body = await readBody(req, MAX_BATCH_BODY);
          const batch = batches.create(body, now());
          stats.batches.created++;
          stats.batches.requests += batch.request_counts.processing;
          send(200, batch);
          return;
        }
        if (method === "GET") {
          const limit = Math.min(
            1000,
            Math.max(1, Number(url.searchParams.get("limit") ?? 20) || 20),
          );
          send(200, batches.list(now(), limit, url.searchParams.get("after_id")));
          return;
        }
      }
      const match = /^\/v1\/messages\/batches\/([\w-]+)(\/cancel|\/results)?$/.exec(path);
      if (match) {
        const [, id = "", action] = match;
        if (method === "GET" && !action) return send(200, batches.retrieve(id, now()));
        if (method === "DELETE" && !action) return send(200, batches.delete(id, now()));
        if (method === "POST" && action === "/cancel") return send(200, batches.cancel(id, now()));
        if (method === "GET" && action === "/results") {
          return send(200, batches.results(id, now()), {}, "application/x-jsonl");
        }
      }
      throw new SimulatedApiError(
        404,
        "not_found_error",
        `${method} ${path} is not part of the simulated API.`,
      );
    } catch (err) {
      if (err instanceof SimulatedApiError) {
        send(err.status, errorBody(err.type, err.message, requestId), err.headers);
      } else {
        send(
          500,
          errorBody("api_error", `Internal server error: ${(err as Error).message}`, requestId),
        );
      }
    }
  }

  async function handleMessage(
    body: unknown,
    version: string,
    signal: AbortSignal,
    send: (status: number, body: unknown, headers?: Record<string, string>) => void,
    res: ServerResponse,
  ): Promise<void> {
    stats.messages++;
    const request = validateMessageRequest(body, version);
    const start = now();
    const accounting = cache.plan(request, start, options.minCacheableTokens);
    // Cache reads do not count against the input-token limit; writes do.
    const cost = {
      inputTokens: accounting.inputTokens + accounting.cacheCreationInputTokens,
      maxOutputTokens: request.maxTokens,
    };
    windows.record(start, { requests: 1, inputTokens: cost.inputTokens });
    const verdict = limits.check(cost, start);
    if (!verdict.ok) {
      stats.rateLimited++;
      throw new SimulatedApiError(429, "rate_limit_error", verdict.message, {
        "retry-after": String(verdict.retryAfterSeconds),
      });
    }
    const fault = faults.next();
    if (fault) stats.faults[fault]++;
    if (fault === "429") {
      throw new SimulatedApiError(
        429,
        "rate_limit_error",
        "Number of requests has exceeded your rate limit (simulated fault).",
        {
          "retry-after": String(faultRetryAfter),
        },
      );
    }
    limits.take(cost, start);
    const refundAll = () => limits.settleOutput(request.maxTokens, 0, now());
    if (fault === "400") {
      refundAll();
      throw new SimulatedApiError(
        400,
        "invalid_request_error",
        "Invalid request (simulated fault).",
      );
    }
    if (fault === "529" || fault === "500") {
      refundAll();
      throw fault === "529"
        ? new SimulatedApiError(529, "overloaded_error", "Overloaded (simulated fault).")
        : new SimulatedApiError(500, "api_error", "Internal server error (simulated fault).");
    }
    if (fault === "timeout") {
      // Hang until the client gives up; nothing is ever sent.
      res.once("close", () => {
        refundAll();
        stats.aborted++;
      });
      return;
    }
    const composed = composeMessage(request, accounting, {
      malformed: fault === "malformed",
      serviceTier: "standard",
      ids,
      flaws,
    });
    recordFlaw(composed.flaw);
    const delivered = await waitUnlessAborted(
      sampleLatencyMs(latencyMs, composed.outputTokens, latencyRandom),
      signal,
    );
    if (!delivered) {
      // The client went away: no cache entry, no usage, and the reservation comes back.
      refundAll();
      stats.aborted++;
      return;
    }
    const end = now();
    cache.commit(accounting, end);
    limits.settleOutput(request.maxTokens, composed.outputTokens, end);
    windows.record(end, { outputTokens: composed.outputTokens });
    countUsage(composed.body.usage as Parameters<typeof countUsage>[0]);
    stats.succeeded++;
    send(200, composed.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    stats,
    queueFaults: (...outcomes) => faults.queue(...outcomes),
    close: () => {
      // Idempotent: several owners (a handle, a test teardown) may close the same server.
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

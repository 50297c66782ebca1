// The Claude provider: generates one conversation through the official SDK (its own retries
// off), with the shared rate limiter, our retry policy, schema validation and cost accounting;
// plus thin wrappers for Message Batches. The same code serves real Claude and the simulator.
import Anthropic from "@anthropic-ai/sdk";
import type { ConversationRequest, GeneratedConversation } from "../conversation-schema.ts";
import { computeCostUsd } from "../pricing/compute-cost.ts";
import { findModelPrice, type ModelPrice, UnknownModelError } from "../pricing/model-prices.ts";
import { addUsage, type TokenUsage, usageFromApi, ZERO_USAGE } from "../pricing/token-usage.ts";
import type { JudgeRequest } from "../quality/judge/build-judge-request.ts";
import type { JudgeRubric } from "../quality/judge/judge-rubric.ts";
import type { Judgement } from "../quality/judge/parse-judge-result.ts";
import { type Clock, sleep, systemClock } from "../rate-limit/clock.ts";
import { createRateLimiter, type RateLimiter } from "../rate-limit/rate-limiter.ts";
import { type BackoffOptions, backoffDelayMs } from "../retry/backoff-delay.ts";
import { classifyError, type ErrorCode } from "../retry/classify-error.ts";
import type { AttemptStatus, GenerationAttemptLog } from "./generation-attempt-log.ts";
import { parseJudgeResponse, toJudgeMessageParams } from "./judge-params.ts";
import {
  DEFAULT_MODEL,
  estimateInputTokens,
  type MessageParams,
  toMessageParams,
} from "./message-params.ts";
import { parseConversationResponse } from "./parse-conversation-response.ts";
import {
  type PromptAnswer,
  type PromptRequest,
  parsePromptAnswer,
  toPromptMessageParams,
} from "./prompt-params.ts";
import { ProviderError } from "./provider-error.ts";

export interface AnthropicProviderOptions {
  apiKey?: string;
  baseURL?: string;
  model?: string;
  /** True when baseURL points at the simulated server; carried into every result and log. */
  simulated: boolean;
  /** Share one limiter between all providers of a process. */
  rateLimiter?: RateLimiter;
  /** Attempts allowed for retryable errors other than 429s (5xx, 529, timeouts, network). */
  maxAttempts?: number;
  /** Extra attempts when the output does not match the schema. */
  malformedRetries?: number;
  /** 429s are retried without counting against maxAttempts, up to this many times. */
  maxRateLimitRetries?: number;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  backoff?: BackoffOptions;
  clock?: Clock;
  /** Prices calls; the published prices when unset (provider-from-env adds PARLEY_MODEL_PRICES). */
  priceOf?: (model: string) => ModelPrice | undefined;
  /** The default model may have no known price (the user confirmed the cost is unknown). */
  acceptUnknownCost?: boolean;
}

export interface GenerateOptions {
  signal?: AbortSignal;
  /** Realtime only; Message Batches go through createMessageBatch. */
  batch?: false;
  onAttempt?: (log: GenerationAttemptLog) => void | Promise<void>;
}

export interface GenerationResult {
  conversation: GeneratedConversation;
  /** Tokens billed across all attempts of this call (malformed attempts are billed too). */
  usage: TokenUsage;
  costUsd: number;
  model: string;
  /** request-id of the successful attempt. */
  requestId: string | null;
  attempts: number;
  simulated: boolean;
  rawText: string;
}

export interface JudgeOptions extends GenerateOptions {
  /** The rubric the request was built from; the default rubric when unset. */
  rubric?: JudgeRubric;
  /** The judging model; the provider's model when unset. */
  model?: string;
}

/** Like GenerationResult, with a user's prompt's answer in place of the conversation. */
export type PromptResult = Omit<GenerationResult, "conversation"> & { answer: PromptAnswer };

/** Like GenerationResult, with the judgement in place of the conversation. */
export type JudgeResult = Omit<GenerationResult, "conversation"> & { judgement: Judgement };

type ParsedOutput<T> =
  | { ok: true; value: T; rawText: string }
  | { ok: false; rawText: string; error: string };

type StructuredResult<T> = Omit<GenerationResult, "conversation" | "simulated"> & { value: T };

export type MessageBatch = Anthropic.Messages.MessageBatch;

export interface BatchConversationRequest {
  /** Your id for the request; results come back keyed by it (^[a-zA-Z0-9_-]{1,64}$). */
  customId: string;
  request: ConversationRequest;
}

export type MessageBatchItemResult =
  | {
      customId: string;
      type: "succeeded";
      conversation: GeneratedConversation;
      usage: TokenUsage;
      costUsd: number;
      model: string;
      rawText: string;
    }
  | {
      customId: string;
      type: "malformed";
      error: ProviderError;
      rawText: string;
      usage: TokenUsage;
      costUsd: number;
      model: string;
    }
  | { customId: string; type: "errored"; error: ProviderError }
  | { customId: string; type: "expired" | "canceled" };

export interface ConversationProvider {
  readonly model: string;
  readonly simulated: boolean;
  readonly rateLimiter: RateLimiter;
  generateConversation(
    request: ConversationRequest,
    options?: GenerateOptions,
  ): Promise<GenerationResult>;
  /** A user's own prompt, answered in plain text (prompts batches). */
  answerPrompt(request: PromptRequest, options?: GenerateOptions): Promise<PromptResult>;
  /** The optional second call: a model scores the conversation against a rubric. */
  judgeConversation(request: JudgeRequest, options?: JudgeOptions): Promise<JudgeResult>;
  createMessageBatch(
    requests: BatchConversationRequest[],
    options?: { signal?: AbortSignal },
  ): Promise<MessageBatch>;
  retrieveMessageBatch(id: string, options?: { signal?: AbortSignal }): Promise<MessageBatch>;
  cancelMessageBatch(id: string, options?: { signal?: AbortSignal }): Promise<MessageBatch>;
  /** Every Message Batch of the account (its workspace), newest first, page by page. */
  listMessageBatches(options?: { signal?: AbortSignal }): AsyncIterable<MessageBatch>;
  messageBatchResults(
    id: string,
    options?: { signal?: AbortSignal },
  ): AsyncIterable<MessageBatchItemResult>;
}

const BATCH_ERROR_CODES: Record<string, { code: ErrorCode; retryable: boolean }> = {
  invalid_request_error: { code: "invalid_request", retryable: false },
  authentication_error: { code: "authentication", retryable: false },
  permission_error: { code: "permission", retryable: false },
  not_found_error: { code: "not_found", retryable: false },
  request_too_large: { code: "request_too_large", retryable: false },
  rate_limit_error: { code: "rate_limited", retryable: true },
  overloaded_error: { code: "overloaded", retryable: true },
  api_error: { code: "server_error", retryable: true },
  timeout_error: { code: "timeout", retryable: true },
};

function abortError(attempts: number, cause?: unknown): ProviderError {
  return new ProviderError("aborted", "The generation was cancelled.", { attempts, cause });
}

function errorBodyOf(err: unknown): unknown {
  return err instanceof Anthropic.APIError ? (err.error ?? null) : null;
}

function headersOf(err: unknown): Headers | undefined {
  return err instanceof Anthropic.APIError && err.headers instanceof Headers
    ? err.headers
    : undefined;
}

/** Input tokens that count against the input-token rate limit (cache reads do not). */
function rateLimitedInput(usage: TokenUsage): number {
  return usage.inputTokens + usage.cacheCreationInputTokens;
}

export function createAnthropicProvider(options: AnthropicProviderOptions): ConversationProvider {
  const model = options.model ?? DEFAULT_MODEL;
  const priceOf = options.priceOf ?? findModelPrice;
  if (!priceOf(model) && !options.acceptUnknownCost) throw new UnknownModelError(model);
  /**
   * A model without a price got this far only because its launch was confirmed "cost unknown"
   * (checkModelChoice refuses it otherwise), so its calls are recorded at no known cost, 0.
   */
  const costOf = (model: string, usage: TokenUsage, batch = false): number => {
    const price = priceOf(model);
    return price ? computeCostUsd(model, usage, { price, batch }) : 0;
  };
  const simulated = options.simulated;
  const clock = options.clock ?? systemClock;
  const limiter = options.rateLimiter ?? createRateLimiter({ clock });
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const malformedRetries = Math.max(0, options.malformedRetries ?? 2);
  const maxRateLimitRetries = Math.max(0, options.maxRateLimitRetries ?? 10);
  const timeout = options.timeoutMs ?? 10 * 60_000;
  const client = new Anthropic({
    // An explicit key (even a placeholder for the simulator) keeps the SDK from searching the
    // environment and config files for credentials.
    apiKey: options.apiKey ?? (simulated ? "simulated-key" : null),
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    maxRetries: 0,
    timeout,
  });

  /**
   * One logical call (a forced tool, or plain text for a prompt): rate-limited, retried on retryable errors and on
   * output `parse` rejects, every attempt reported to onAttempt, every billed attempt summed.
   */
  async function callStructured<T>(
    params: MessageParams,
    parse: (message: Anthropic.Message) => ParsedOutput<T>,
    { signal, onAttempt }: GenerateOptions = {},
  ): Promise<StructuredResult<T>> {
    const estimate = estimateInputTokens(params);
    let totals: TokenUsage = ZERO_USAGE;
    let totalCost = 0;
    let attempt = 0;
    let failures = 0;
    let malformed = 0;
    let rateLimitRetries = 0;

    const log = async (
      entry: Omit<GenerationAttemptLog, "attempt" | "model" | "request" | "simulated" | "batch">,
    ) => {
      await onAttempt?.({
        attempt,
        model: params.model,
        request: params,
        simulated,
        batch: false,
        ...entry,
      });
    };

    for (;;) {
      attempt++;
      if (signal?.aborted) throw abortError(attempt - 1, signal.reason);
      const queuedAt = clock.now();
      let reservation: Awaited<ReturnType<RateLimiter["acquire"]>>;
      try {
        reservation = await limiter.acquire(
          { inputTokens: estimate, maxOutputTokens: params.max_tokens, model: params.model },
          signal,
        );
      } catch (err) {
        throw abortError(attempt - 1, err);
      }
      const startedAt = clock.now();
      const waitedMs = startedAt - queuedAt;

      let message: Anthropic.Message;
      let requestId: string | null;
      try {
        const { data, response } = await client.messages
          .create(params, { timeout, ...(signal ? { signal } : {}) })
          .withResponse();
        message = data;
        requestId = response.headers.get("request-id");
        const usage = usageFromApi(data.usage);
        limiter.settle(reservation, {
          inputTokens: rateLimitedInput(usage),
          outputTokens: usage.outputTokens,
        });
        limiter.observeHeaders(response.headers, reservation);
        limiter.recordSuccess();
      } catch (err) {
        limiter.settle(reservation, null);
        const durationMs = clock.now() - startedAt;
        const headers = headersOf(err);
        if (headers) limiter.observeHeaders(headers, reservation);
        const verdict = classifyError(err);
        const common = {
          response: errorBodyOf(err),
          rawText: null,
          usage: ZERO_USAGE,
          costUsd: 0,
          startedAt: new Date(startedAt),
          durationMs,
          waitedMs,
          requestId: verdict.requestId ?? null,
        };
        if (signal?.aborted || verdict.code === "aborted") {
          await log({
            ...common,
            status: "aborted",
            errorCode: "aborted",
            errorMessage: "The generation was cancelled.",
          });
          throw abortError(attempt, err);
        }
        if (verdict.throttled) limiter.recordThrottle(reservation, verdict.retryAfterMs);
        const retry =
          verdict.retryable &&
          (verdict.rateLimited
            ? rateLimitRetries < maxRateLimitRetries
            : failures + 1 < maxAttempts);
        if (verdict.rateLimited) rateLimitRetries++;
        else failures++;
        const status: AttemptStatus = !retry
          ? "failed"
          : verdict.rateLimited
            ? "rate_limited"
            : "retrying";
        await log({ ...common, status, errorCode: verdict.code, errorMessage: verdict.message });
        if (!retry) {
          throw new ProviderError(verdict.code, verdict.message, {
            retryable: verdict.retryable,
            ...(verdict.status !== undefined ? { status: verdict.status } : {}),
            ...(verdict.retryAfterMs !== undefined ? { retryAfterMs: verdict.retryAfterMs } : {}),
            requestId: verdict.requestId ?? null,
            attempts: attempt,
            cause: err,
          });
        }
        try {
          const delay = backoffDelayMs(
            verdict.rateLimited ? rateLimitRetries : failures,
            verdict.retryAfterMs,
            options.backoff,
          );
          await sleep(delay, signal, clock);
        } catch (abortErr) {
          throw abortError(attempt, abortErr);
        }
        continue;
      }

      const usage = usageFromApi(message.usage);
      const costUsd = costOf(params.model, usage);
      totals = addUsage(totals, usage);
      totalCost += costUsd;
      const parsed = parse(message);
      const entry = {
        response: message,
        rawText: parsed.rawText,
        usage,
        costUsd,
        startedAt: new Date(startedAt),
        durationMs: clock.now() - startedAt,
        waitedMs,
        requestId,
      };
      if (parsed.ok) {
        await log({ ...entry, status: "succeeded", errorCode: null, errorMessage: null });
        return {
          value: parsed.value,
          usage: totals,
          costUsd: totalCost,
          model: params.model,
          requestId,
          attempts: attempt,
          rawText: parsed.rawText,
        };
      }
      malformed++;
      const retry = malformed <= malformedRetries;
      await log({
        ...entry,
        status: retry ? "retrying" : "failed",
        errorCode: "malformed_output",
        errorMessage: parsed.error,
      });
      if (!retry) {
        throw new ProviderError(
          "malformed_output",
          `The model's output was unusable after ${malformed} tries. ${parsed.error}`,
          { rawText: parsed.rawText, requestId, attempts: attempt },
        );
      }
    }
  }

  async function generateConversation(
    request: ConversationRequest,
    options: GenerateOptions = {},
  ): Promise<GenerationResult> {
    const { value, ...result } = await callStructured(
      toMessageParams(request, model),
      (message) => {
        const parsed = parseConversationResponse(message);
        return parsed.ok
          ? { ok: true, value: parsed.conversation, rawText: parsed.rawText }
          : parsed;
      },
      options,
    );
    return { conversation: value, ...result, simulated };
  }

  async function answerPrompt(
    request: PromptRequest,
    options: GenerateOptions = {},
  ): Promise<PromptResult> {
    const { value, ...result } = await callStructured(
      toPromptMessageParams(request, model),
      parsePromptAnswer,
      options,
    );
    return { answer: value, ...result, simulated };
  }

  async function judgeConversation(
    request: JudgeRequest,
    { rubric, model: judgeModel, ...options }: JudgeOptions = {},
  ): Promise<JudgeResult> {
    const { value, ...result } = await callStructured(
      toJudgeMessageParams(request, judgeModel ?? model),
      (message) => {
        const parsed = parseJudgeResponse(message, request.tool.name, rubric);
        return parsed.ok ? { ok: true, value: parsed.judgement, rawText: parsed.rawText } : parsed;
      },
      options,
    );
    return { judgement: value, ...result, simulated };
  }

  /** Batch management calls: retried on transient errors, without token reservations. */
  async function withRetries<T>(
    call: () => Promise<T>,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw abortError(attempt - 1, signal.reason);
      try {
        return await call();
      } catch (err) {
        const verdict = classifyError(err);
        if (signal?.aborted || verdict.code === "aborted") throw abortError(attempt, err);
        if (
          !verdict.retryable ||
          attempt >= maxAttempts + (verdict.rateLimited ? maxRateLimitRetries : 0)
        ) {
          throw new ProviderError(verdict.code, verdict.message, {
            retryable: verdict.retryable,
            ...(verdict.status !== undefined ? { status: verdict.status } : {}),
            requestId: verdict.requestId ?? null,
            attempts: attempt,
            cause: err,
          });
        }
        try {
          await sleep(
            backoffDelayMs(attempt, verdict.retryAfterMs, options.backoff),
            signal,
            clock,
          );
        } catch (abortErr) {
          throw abortError(attempt, abortErr);
        }
      }
    }
  }

  const requestOptions = (signal?: AbortSignal) => (signal ? { signal } : {});

  async function* messageBatchResults(
    id: string,
    { signal }: { signal?: AbortSignal } = {},
  ): AsyncIterable<MessageBatchItemResult> {
    const decoder = await withRetries(
      () => client.messages.batches.results(id, {}, requestOptions(signal)),
      signal,
    );
    for await (const item of decoder) {
      const customId = item.custom_id;
      const result = item.result;
      if (result.type === "succeeded") {
        const usage = usageFromApi(result.message.usage);
        const costUsd = costOf(result.message.model, usage, true);
        const parsed = parseConversationResponse(result.message);
        if (parsed.ok) {
          yield {
            customId,
            type: "succeeded",
            conversation: parsed.conversation,
            usage,
            costUsd,
            model: result.message.model,
            rawText: parsed.rawText,
          };
        } else {
          yield {
            customId,
            type: "malformed",
            error: new ProviderError("malformed_output", parsed.error, {
              rawText: parsed.rawText,
              attempts: 1,
            }),
            rawText: parsed.rawText,
            usage,
            costUsd,
            model: result.message.model,
          };
        }
      } else if (result.type === "errored") {
        const apiError = result.error.error;
        const mapped = BATCH_ERROR_CODES[apiError.type] ?? {
          code: "unknown" as const,
          retryable: false,
        };
        yield {
          customId,
          type: "errored",
          error: new ProviderError(mapped.code, apiError.message, {
            retryable: mapped.retryable,
            requestId: result.error.request_id,
            attempts: 1,
          }),
        };
      } else {
        yield { customId, type: result.type };
      }
    }
  }

  return {
    model,
    simulated,
    rateLimiter: limiter,
    generateConversation,
    answerPrompt,
    judgeConversation,
    createMessageBatch: (requests, { signal } = {}) =>
      withRetries(
        () =>
          client.messages.batches.create(
            {
              requests: requests.map((r) => ({
                custom_id: r.customId,
                params: toMessageParams(r.request, model),
              })),
            },
            requestOptions(signal),
          ),
        signal,
      ),
    retrieveMessageBatch: (id, { signal } = {}) =>
      withRetries(() => client.messages.batches.retrieve(id, {}, requestOptions(signal)), signal),
    cancelMessageBatch: (id, { signal } = {}) =>
      withRetries(() => client.messages.batches.cancel(id, {}, requestOptions(signal)), signal),
    listMessageBatches: ({ signal } = {}) =>
      client.messages.batches.list({ limit: 100 }, requestOptions(signal)),
    messageBatchResults,
  };
}

export type { MessageParams };

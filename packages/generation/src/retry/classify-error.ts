// Decides what a failed provider call means: whether trying again can help, a stable code for
// logs and the UI, and whether it was the provider pushing back (so it is not a real failure).
import { type HeaderSource, parseRetryAfterMs } from "./retry-after.ts";

export const ERROR_CODES = [
  "rate_limited",
  "overloaded",
  "server_error",
  "timeout",
  "network",
  "request_timeout",
  "conflict",
  "invalid_request",
  "authentication",
  "billing",
  "permission",
  "not_found",
  "request_too_large",
  "client_error",
  "aborted",
  "malformed_output",
  "unknown",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorClassification {
  retryable: boolean;
  code: ErrorCode;
  /** A 429: the call was refused by a rate limit; retry it and do not count it as a failure. */
  rateLimited: boolean;
  /** A 429 or 529: the provider is pushing back, so concurrency should come down. */
  throttled: boolean;
  status?: number;
  retryAfterMs?: number;
  requestId?: string;
  message: string;
}

const STATUS_CODES: Record<number, { code: ErrorCode; retryable: boolean }> = {
  400: { code: "invalid_request", retryable: false },
  401: { code: "authentication", retryable: false },
  402: { code: "billing", retryable: false },
  403: { code: "permission", retryable: false },
  404: { code: "not_found", retryable: false },
  408: { code: "request_timeout", retryable: true },
  409: { code: "conflict", retryable: true },
  413: { code: "request_too_large", retryable: false },
  422: { code: "invalid_request", retryable: false },
  429: { code: "rate_limited", retryable: true },
  529: { code: "overloaded", retryable: true },
};

const STATUS_HINTS: Partial<Record<ErrorCode, string>> = {
  authentication: "Check ANTHROPIC_API_KEY.",
  billing: "Check the billing settings of the Anthropic account.",
  permission: "The API key is not allowed to use this model or feature.",
  request_too_large: "Shorten the prompt or the source context.",
};

const NETWORK_ERROR_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
]);

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  status?: unknown;
  headers?: unknown;
  code?: unknown;
  retryable?: unknown;
  retryAfterMs?: unknown;
  requestID?: unknown;
  apiMessage?: unknown;
  cause?: unknown;
}

function asErrorLike(err: unknown): ErrorLike {
  return typeof err === "object" && err !== null ? (err as ErrorLike) : {};
}

function messageOf(err: unknown): string {
  const e = asErrorLike(err);
  if (typeof e.apiMessage === "string" && e.apiMessage) return e.apiMessage;
  if (typeof e.message === "string" && e.message) return e.message;
  return String(err);
}

function isHeaderSource(value: unknown): value is HeaderSource {
  return (
    typeof value === "object" && value !== null && typeof (value as HeaderSource).get === "function"
  );
}

function isAbort(err: unknown): boolean {
  const name = asErrorLike(err).name;
  return name === "AbortError" || name === "APIUserAbortError";
}

function isTimeout(err: unknown): boolean {
  const e = asErrorLike(err);
  return e.name === "APIConnectionTimeoutError" || e.name === "TimeoutError";
}

function isNetwork(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const like = asErrorLike(e);
    if (like.name === "APIConnectionError") return true;
    if (typeof like.code === "string" && NETWORK_ERROR_CODES.has(like.code)) return true;
    if (like.name === "TypeError" && like.message === "fetch failed") return true;
    e = like.cause;
  }
  return false;
}

function base(
  code: ErrorCode,
  retryable: boolean,
  message: string,
  extra: Partial<ErrorClassification> = {},
): ErrorClassification {
  return {
    retryable,
    code,
    rateLimited: code === "rate_limited",
    throttled: code === "rate_limited" || code === "overloaded",
    message,
    ...extra,
  };
}

export function classifyError(err: unknown): ErrorClassification {
  const e = asErrorLike(err);

  // Errors we raised ourselves (ProviderError) already know what they are.
  if (
    typeof e.code === "string" &&
    (ERROR_CODES as readonly string[]).includes(e.code) &&
    typeof e.retryable === "boolean"
  ) {
    return base(e.code as ErrorCode, e.retryable, messageOf(err), {
      ...(typeof e.status === "number" ? { status: e.status } : {}),
      ...(typeof e.retryAfterMs === "number" ? { retryAfterMs: e.retryAfterMs } : {}),
    });
  }

  if (isAbort(err)) return base("aborted", false, "The call was cancelled.");
  if (isTimeout(err)) return base("timeout", true, "The provider did not answer in time.");

  if (typeof e.status === "number") {
    const status = e.status;
    const headers = isHeaderSource(e.headers) ? e.headers : undefined;
    const retryAfterMs = parseRetryAfterMs(headers);
    const requestId =
      typeof e.requestID === "string" ? e.requestID : (headers?.get("request-id") ?? undefined);
    const known = STATUS_CODES[status];
    const { code, retryable } =
      known ??
      (status >= 500
        ? { code: "server_error" as const, retryable: true }
        : { code: "client_error" as const, retryable: false });
    const hint = STATUS_HINTS[code];
    const message = `${status} ${messageOf(err).replace(/^\d{3} /, "")}${hint ? ` ${hint}` : ""}`;
    return base(code, retryable, message, {
      status,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      ...(requestId ? { requestId } : {}),
    });
  }

  if (isNetwork(err))
    return base("network", true, `Could not reach the provider: ${messageOf(err)}`);
  return base("unknown", false, messageOf(err));
}

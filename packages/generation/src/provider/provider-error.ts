// The error a provider call ends with: a stable code (see retry/classify-error), a message a
// user can act on, and what we know about the failed call (status, request id, raw output).
import type { ErrorCode } from "../retry/classify-error.ts";

export interface ProviderErrorDetails {
  retryable?: boolean;
  status?: number;
  requestId?: string | null;
  /** The model's output as received, when it could not be used (malformed output). */
  rawText?: string | null;
  /** Attempts made before giving up. */
  attempts?: number;
  retryAfterMs?: number;
  cause?: unknown;
}

export class ProviderError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly requestId: string | null;
  readonly rawText: string | null;
  readonly attempts: number;
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, message: string, details: ProviderErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "ProviderError";
    this.code = code;
    this.retryable = details.retryable ?? false;
    this.status = details.status;
    this.requestId = details.requestId ?? null;
    this.rawText = details.rawText ?? null;
    this.attempts = details.attempts ?? 0;
    this.retryAfterMs = details.retryAfterMs;
  }
}

export function isProviderError(error: unknown): error is ProviderError {
  return error instanceof ProviderError;
}

// What one provider call leaves behind, successful or not: everything a generation_logs row
// needs. Passed to `onAttempt` for every attempt, including ones that are retried.
import type { TokenUsage } from "../pricing/token-usage.ts";
import type { MessageParams } from "./message-params.ts";

/**
 * - succeeded: a valid conversation came back.
 * - retrying: this attempt failed (server error, timeout, malformed output…) and another follows.
 * - rate_limited: refused with a 429 and retried; not a failure.
 * - failed: the last attempt, and the call as a whole failed.
 * - aborted: the caller cancelled while this attempt was in flight.
 */
export type AttemptStatus = "succeeded" | "retrying" | "rate_limited" | "failed" | "aborted";

export interface GenerationAttemptLog {
  /** 1-based, across all kinds of retries of one generateConversation call. */
  attempt: number;
  model: string;
  /** The parameters sent (they hold no secrets: the API key travels in a header). */
  request: MessageParams;
  /** The response body: the message on success, the error body on an HTTP error, else null. */
  response: unknown;
  /** The model's output as text (tool input as JSON), when there was one. */
  rawText: string | null;
  usage: TokenUsage;
  costUsd: number;
  startedAt: Date;
  /** Time on the wire for this attempt. */
  durationMs: number;
  /** Time spent waiting for the rate limiter before this attempt. */
  waitedMs: number;
  status: AttemptStatus;
  errorCode: string | null;
  errorMessage: string | null;
  requestId: string | null;
  simulated: boolean;
  batch: boolean;
}

import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { classifyError } from "./classify-error.ts";

function apiError(status: number, type: string, headers: Record<string, string> = {}) {
  return APIError.generate(
    status,
    { type: "error", error: { type, message: `simulated ${type}` } },
    undefined,
    new Headers({ "request-id": "req_123", ...headers }),
  );
}

describe("classifyError", () => {
  it.each([
    [408, "request_timeout"],
    [409, "conflict"],
    [429, "rate_limited"],
    [500, "server_error"],
    [502, "server_error"],
    [503, "server_error"],
    [529, "overloaded"],
  ])("retries HTTP %i as %s", (status, code) => {
    const result = classifyError(apiError(status, "api_error"));
    expect(result).toMatchObject({ retryable: true, code, status, requestId: "req_123" });
  });

  it.each([
    [400, "invalid_request"],
    [401, "authentication"],
    [403, "permission"],
    [404, "not_found"],
    [413, "request_too_large"],
  ])("does not retry HTTP %i (%s)", (status, code) => {
    const result = classifyError(apiError(status, "invalid_request_error"));
    expect(result).toMatchObject({ retryable: false, code, rateLimited: false });
  });

  it("marks a 429 as a rate limit with the server's retry-after, not a failure", () => {
    const result = classifyError(apiError(429, "rate_limit_error", { "retry-after": "7" }));
    expect(result).toMatchObject({ rateLimited: true, throttled: true, retryAfterMs: 7_000 });
    expect(result.message).toContain("simulated rate_limit_error");
  });

  it("treats 529 as throttling (back off) but not as a rate limit", () => {
    expect(classifyError(apiError(529, "overloaded_error"))).toMatchObject({
      rateLimited: false,
      throttled: true,
    });
  });

  it("retries timeouts and connection failures", () => {
    expect(classifyError(new APIConnectionTimeoutError())).toMatchObject({
      retryable: true,
      code: "timeout",
    });
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect(classifyError(new APIConnectionError({ cause: refused }))).toMatchObject({
      retryable: true,
      code: "network",
    });
    expect(classifyError(refused)).toMatchObject({ retryable: true, code: "network" });
  });

  it("never retries a cancelled call", () => {
    expect(classifyError(new APIUserAbortError())).toMatchObject({
      retryable: false,
      code: "aborted",
    });
    expect(classifyError(new DOMException("stop", "AbortError")).code).toBe("aborted");
  });

  it("tells the user what to fix on an authentication error", () => {
    expect(classifyError(apiError(401, "authentication_error")).message).toMatch(
      /ANTHROPIC_API_KEY/,
    );
  });

  it("keeps the verdict of an error that already carries one", () => {
    const own = Object.assign(new Error("bad output"), {
      code: "malformed_output",
      retryable: false,
    });
    expect(classifyError(own)).toMatchObject({ code: "malformed_output", retryable: false });
  });

  it("does not retry an unknown programming error", () => {
    expect(classifyError(new RangeError("oops"))).toMatchObject({
      retryable: false,
      code: "unknown",
    });
  });
});

// Errors the simulated server answers with, in the Messages API's error shape.

export type ApiErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "request_too_large"
  | "rate_limit_error"
  | "api_error"
  | "overloaded_error";

export class SimulatedApiError extends Error {
  readonly status: number;
  readonly type: ApiErrorType;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    type: ApiErrorType,
    message: string,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "SimulatedApiError";
    this.status = status;
    this.type = type;
    this.headers = headers;
  }
}

export const invalidRequest = (message: string) =>
  new SimulatedApiError(400, "invalid_request_error", message);

export function errorBody(type: ApiErrorType, message: string, requestId: string | null) {
  return { type: "error" as const, error: { type, message }, request_id: requestId };
}

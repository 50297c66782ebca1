// The one error type domain code throws for conditions a user can act on. Each code maps to one
// tRPC/HTTP status in packages/api, and the message is written for the person reading it.
export const APP_ERROR_CODES = [
  "BAD_REQUEST",
  "NOT_FOUND",
  "CONFLICT",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "PRECONDITION_FAILED",
  "TOO_MANY_REQUESTS",
  "INTERNAL",
] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** Extra, user-safe facts about the failure (never secrets). */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: AppErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  static notFound(what: string, id?: string): AppError {
    return new AppError(
      "NOT_FOUND",
      id ? `${what} ${id} was not found.` : `${what} was not found.`,
    );
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

// The error the export module throws: an AppError (so the API maps it to a status like every
// other domain error) that also names the export-specific reason, for callers that branch on it.
import { AppError, type AppErrorCode } from "@parley/generation";

export type ExportErrorReason =
  | "invalid_options"
  | "unknown_format"
  | "output_failed"
  | "package_folder_not_empty"
  | "package_failed"
  | "archive_failed"
  | "hub_invalid_token"
  | "hub_unauthorized"
  | "hub_request_failed";

/**
 * How each reason surfaces in the API. A token the Hub refuses is FORBIDDEN, not UNAUTHORIZED:
 * the user's own session is fine, and the web app must not send them to the login page.
 */
const APP_CODES: Record<ExportErrorReason, AppErrorCode> = {
  invalid_options: "BAD_REQUEST",
  unknown_format: "BAD_REQUEST",
  output_failed: "INTERNAL",
  package_folder_not_empty: "CONFLICT",
  package_failed: "INTERNAL",
  archive_failed: "INTERNAL",
  hub_invalid_token: "BAD_REQUEST",
  hub_unauthorized: "FORBIDDEN",
  hub_request_failed: "INTERNAL",
};

export class ExportError extends AppError {
  readonly reason: ExportErrorReason;

  constructor(reason: ExportErrorReason, message: string, options?: { cause?: unknown }) {
    super(APP_CODES[reason], message, { reason });
    this.name = "ExportError";
    this.reason = reason;
    if (options && "cause" in options) this.cause = options.cause;
  }
}

// The one error type of the export module: a stable code for callers to branch on and a
// message a user can act on.
export type ExportErrorCode =
  | "invalid_options"
  | "unknown_format"
  | "output_failed"
  | "package_failed"
  | "archive_failed"
  | "hub_invalid_token"
  | "hub_unauthorized"
  | "hub_request_failed";

export class ExportError extends Error {
  readonly code: ExportErrorCode;

  constructor(code: ExportErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ExportError";
    this.code = code;
  }
}

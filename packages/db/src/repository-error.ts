// The one error repositories throw on purpose, with a code the API maps to a status and a
// message a user can act on. Anything else escaping a repository is a bug or an outage.

export type RepositoryErrorCode =
  /** The row does not exist in this workspace. */
  | "not_found"
  /** The requested status change is not allowed from the current status. */
  | "invalid_transition"
  /** The change would leave a workspace without an owner. */
  | "last_owner"
  /** The input contradicts itself or the stored data. */
  | "invalid_input";

export class RepositoryError extends Error {
  readonly code: RepositoryErrorCode;

  constructor(code: RepositoryErrorCode, message: string) {
    super(message);
    this.name = "RepositoryError";
    this.code = code;
  }
}

export function isRepositoryError(
  error: unknown,
  code?: RepositoryErrorCode,
): error is RepositoryError {
  return error instanceof RepositoryError && (code === undefined || error.code === code);
}

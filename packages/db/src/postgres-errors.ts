// Recognises the Postgres errors callers turn into user-facing answers (409 on a duplicate key,
// 400 on a bad reference) without string-matching messages.

interface PostgresError {
  code: string;
  constraint?: string;
}

function isPostgresError(error: unknown): error is PostgresError {
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    typeof (error as { code: unknown }).code === "string"
  );
}

/** 23505; optionally only for the named constraint or unique index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  return (
    isPostgresError(error) &&
    error.code === "23505" &&
    (constraint === undefined || error.constraint === constraint)
  );
}

/** 23503: a referenced row does not exist (or belongs to another workspace). */
export function isForeignKeyViolation(error: unknown, constraint?: string): boolean {
  return (
    isPostgresError(error) &&
    error.code === "23503" &&
    (constraint === undefined || error.constraint === constraint)
  );
}

/** 23514: a CHECK constraint (status value, range, key format) rejected the row. */
export function isCheckViolation(error: unknown, constraint?: string): boolean {
  return (
    isPostgresError(error) &&
    error.code === "23514" &&
    (constraint === undefined || error.constraint === constraint)
  );
}

/**
 * Class 22 (data exception): a value Postgres cannot hold in its column — a number out of range,
 * a date beyond its calendar, text it cannot encode. Input that slipped past validation.
 */
export function isDataException(error: unknown): boolean {
  return isPostgresError(error) && error.code.startsWith("22");
}

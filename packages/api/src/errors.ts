// The single AppError code → tRPC code map; anything unexpected becomes a generic 500 whose
// message does not leak internals.
import {
  isDataException,
  isForeignKeyViolation,
  isRepositoryError,
  type RepositoryErrorCode,
} from "@parley/db";
import { type AppErrorCode, isAppError } from "@parley/generation";
import { TRPCError } from "@trpc/server";

type TRPCCode = ConstructorParameters<typeof TRPCError>[0]["code"];

const CODE_MAP: Record<AppErrorCode, TRPCCode> = {
  BAD_REQUEST: "BAD_REQUEST",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  INTERNAL: "INTERNAL_SERVER_ERROR",
};

/** Repository errors are deliberate too: their message is already fit to show. */
const REPOSITORY_CODE_MAP: Record<RepositoryErrorCode, TRPCCode> = {
  not_found: "NOT_FOUND",
  invalid_transition: "CONFLICT",
  last_owner: "PRECONDITION_FAILED",
  invalid_input: "BAD_REQUEST",
};

export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") return error;
  if (isAppError(error)) {
    return new TRPCError({ code: CODE_MAP[error.code], message: error.message, cause: error });
  }
  if (isRepositoryError(error)) {
    return new TRPCError({
      code: REPOSITORY_CODE_MAP[error.code],
      message: error.message,
      cause: error,
    });
  }
  // The database refusing a value is still the request's fault, not ours: say which kind.
  if (isForeignKeyViolation(error)) {
    return new TRPCError({
      code: "BAD_REQUEST",
      message:
        "Something this refers to (a persona, arc, topic, template or batch) does not exist in this workspace; pick it again from the list.",
      cause: error instanceof Error ? error : undefined,
    });
  }
  if (isDataException(error)) {
    return new TRPCError({
      code: "BAD_REQUEST",
      message:
        "A value is outside what can be stored (a number or date too large, or text with a character that cannot be saved); correct it and try again.",
      cause: error instanceof Error ? error : undefined,
    });
  }
  return new TRPCError({
    code: "INTERNAL_SERVER_ERROR",
    message:
      "Something went wrong on our side. Try again; if it keeps happening, check the server log.",
    cause: error instanceof Error ? error : undefined,
  });
}

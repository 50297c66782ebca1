// Opaque cursors for keyset pagination: the sort value and id of the last row of a page, so the
// next page starts after it whatever was inserted meanwhile (no skipped or repeated rows).
import { RepositoryError } from "./repository-error.ts";

export interface KeysetPosition {
  /** The sort column's value (ISO string for timestamps). */
  value: string | number;
  id: string;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.value, position.id])).toString("base64url");
}

export function decodeCursor(cursor: string): KeysetPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      (typeof parsed[0] === "string" || typeof parsed[0] === "number") &&
      typeof parsed[1] === "string"
    ) {
      return { value: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through
  }
  throw new RepositoryError("invalid_input", "The page cursor is not valid; reload the list");
}

// Serialises a value for a jsonb column. node-postgres sends JS arrays as Postgres array
// literals, which jsonb rejects, so every jsonb write goes through here as a JSON string.

export function jsonb<T>(value: T): string {
  return JSON.stringify(value);
}

/** Like `jsonb`, but keeps null and undefined as SQL NULL / "not set". */
export function jsonbOrNull<T>(value: T | null | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  return JSON.stringify(value);
}

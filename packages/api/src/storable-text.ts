// Text Postgres cannot store as given: a NUL character fails the whole statement (a 500), and a
// broken surrogate pair would be stored silently as U+FFFD. Checked once, on every procedure's raw
// input, so every field of every procedure (a new one included) refuses it with a clear message.

/** The path of the first string (value or key) in `input` that cannot be stored, or null. */
export function findUnstorableText(input: unknown): string | null {
  const seen = new Set<object>();
  const visit = (value: unknown, path: string): string | null => {
    if (typeof value === "string") return storable(value) ? null : path || "the input";
    if (typeof value !== "object" || value === null || seen.has(value)) return null;
    seen.add(value);
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (!storable(key)) return childPath;
      const found = visit(child, childPath);
      if (found) return found;
    }
    return null;
  };
  return visit(input, "");
}

function storable(text: string): boolean {
  return !text.includes("\u0000") && text.isWellFormed();
}

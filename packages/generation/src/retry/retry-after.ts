// Reads how long a server asked us to wait: `retry-after-ms`, then `retry-after` as seconds or
// as an HTTP date. Anthropic sends whole seconds on 429s.

export interface HeaderSource {
  get(name: string): string | null | undefined;
}

/** Milliseconds to wait, or undefined when the headers do not say (or say something unusable). */
export function parseRetryAfterMs(
  headers: HeaderSource | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const millis = headers.get("retry-after-ms");
  if (millis) {
    const value = Number.parseFloat(millis);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const raw = headers.get("retry-after");
  if (!raw) return undefined;
  const seconds = Number(raw.trim());
  if (raw.trim() !== "" && Number.isFinite(seconds))
    return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

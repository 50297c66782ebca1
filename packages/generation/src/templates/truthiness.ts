// When a conditional `{{var ? 'a' : 'b'}}` takes its first branch. Form fields deliver strings,
// so the words people use for "no" count as false, not just JavaScript's falsy values.

const FALSE_WORDS = new Set(["false", "no", "off", "0"]);

/**
 * False for: a missing value (undefined/null), `false`, 0 and NaN, an empty or whitespace-only
 * string, and the strings "false", "no", "off", "0" in any case with surrounding spaces.
 * Everything else is true, including "yes", "none" and negative numbers.
 */
export function isTruthyTemplateValue(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (typeof value === "number") return value !== 0 && !Number.isNaN(value);
  if (typeof value === "string") {
    const normalised = value.trim().toLowerCase();
    return normalised !== "" && !FALSE_WORDS.has(normalised);
  }
  return true;
}

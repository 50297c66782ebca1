// Free-form name = value parameters as a form edits them (a batch's shared parameters, a single
// generation's custom ones): the rows, what is wrong with them, and the record they stand for.
// The names follow the rule the API enforces (packages/queue batch-input.ts PARAMETER_NAME).

export interface ParameterRow {
  key: string;
  value: string;
}

export const MAX_PARAMETERS = 20;
const PARAMETER_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

/** Rows with a name or a value; wholly empty rows are ignored. */
function filled(rows: ParameterRow[]): ParameterRow[] {
  return rows.filter((row) => row.key.trim() || row.value.trim());
}

/** The first problem, as a sentence; null when the rows are fine. `reserved` names are taken. */
export function parameterProblem(
  rows: ParameterRow[],
  reserved: readonly string[] = [],
): string | null {
  const names = new Set<string>();
  for (const row of filled(rows)) {
    const key = row.key.trim();
    if (!PARAMETER_NAME.test(key))
      return `"${key}" is not a parameter name: start with a letter, then letters, digits or _.`;
    if (names.has(key)) return `"${key}" is given twice.`;
    if (reserved.includes(key)) return `"${key}" is already a field of this form.`;
    if (!row.value.trim()) return `"${key}" needs a value.`;
    names.add(key);
  }
  return null;
}

export function parameterRecord(rows: ParameterRow[]): Record<string, string> {
  return Object.fromEntries(filled(rows).map((row) => [row.key.trim(), row.value.trim()]));
}

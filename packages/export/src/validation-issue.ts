// What the format validators report: a list of issues, each pointing at the record and field,
// in words a user can fix.
export interface ValidationIssue {
  /** 1-based line (JSON Lines, CSV) or array index + 1 (JSON array) of the record. */
  line?: number;
  path: string;
  message: string;
}

export interface ValidationResult {
  valid: boolean;
  issues: ValidationIssue[];
}

export function validationResult(issues: ValidationIssue[]): ValidationResult {
  return { valid: issues.length === 0, issues };
}

/** One line summarising the issues, e.g. the reason a conversation was skipped. */
export function describeIssues(issues: ValidationIssue[]): string {
  return issues
    .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
    .join("; ");
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

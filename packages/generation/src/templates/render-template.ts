// Renders a prompt template with values: a live preview that never throws, and a strict render
// that throws one typed error listing every problem.
//
// Value resolution at a `{{name}}` site: the supplied value (a blank string counts as not
// supplied), else the inline default `{{name|...}}`, else the definition's default, else "" when
// the definition says `required: false`; otherwise the variable is missing. Conditionals use the
// supplied value or the definition's default; an undeclared or optional variable that is absent
// is simply false (see truthiness.ts), a declared required one is reported missing.
//
// Output: text values (and undeclared variables, which are treated as text) are wrapped as
// `<name>value</name>` with closing tags neutralised (value-delimiting.ts); number and dropdown
// values are validated against the definition (a dropdown value is one of the template author's
// options), so they go in bare. Substitution is a single pass over the parsed template, so a
// value containing `{{other}}` stays literal.
import { parseTemplate, type TemplateNode } from "./template-parser.ts";
import { type TemplateProblem, TemplateRenderError } from "./template-problem.ts";
import {
  isRequiredVariable,
  type PromptTemplate,
  type TemplateValue,
  type TemplateValues,
  type TemplateVariable,
  toFiniteNumber,
} from "./template-variable.ts";
import { isTruthyTemplateValue } from "./truthiness.ts";
import { delimitInline } from "./value-delimiting.ts";

export interface TemplatePreview {
  /** The rendered text; tags that could not be resolved are left as written (`{{name}}`). */
  text: string;
  /** Variables that still need a value, in order of first use. */
  unresolved: string[];
  /** Every problem, missing variables included: empty exactly when renderTemplate succeeds. */
  errors: TemplateProblem[];
}

export function previewTemplate(
  template: PromptTemplate,
  values: TemplateValues = {},
): TemplatePreview {
  const { nodes, problems: syntaxProblems } = parseTemplate(template.body);
  const definitions = new Map(
    (template.variables ?? []).map((variable) => [variable.name, variable]),
  );
  const problems = new ProblemList(syntaxProblems);
  const unresolved: string[] = [];
  let text = "";

  for (const node of nodes) {
    const rendered = renderNode(node, definitions, values, problems);
    if (rendered === null) {
      if (
        node.kind !== "text" &&
        problems.isMissing(node.name) &&
        !unresolved.includes(node.name)
      ) {
        unresolved.push(node.name);
      }
      text += node.kind === "text" ? node.text : node.raw;
    } else {
      text += rendered;
    }
  }
  return { text, unresolved, errors: problems.all() };
}

/** The rendered text; throws TemplateRenderError listing all problems when there are any. */
export function renderTemplate(template: PromptTemplate, values: TemplateValues = {}): string {
  const preview = previewTemplate(template, values);
  if (preview.errors.length > 0) throw new TemplateRenderError(preview.errors);
  return preview.text;
}

/** The node's output, or null when it cannot be resolved (the problem is recorded). */
function renderNode(
  node: TemplateNode,
  definitions: ReadonlyMap<string, TemplateVariable>,
  values: TemplateValues,
  problems: ProblemList,
): string | null {
  if (node.kind === "text") return node.text;
  const definition = definitions.get(node.name);
  // Own properties only: a variable named "constructor" must not find Object.prototype's.
  const given = Object.hasOwn(values, node.name) ? values[node.name] : undefined;
  const supplied = isSupplied(given) ? given : undefined;

  if (node.kind === "conditional") {
    const value = supplied ?? definition?.defaultValue;
    if (value === undefined) {
      if (definition && isRequiredVariable(definition)) {
        problems.missing(definition);
        return null;
      }
      return node.whenFalse;
    }
    const checked = checkValue(node.name, value, definition, problems);
    if (checked === null) return null;
    return isTruthyTemplateValue(checked.raw) ? node.whenTrue : node.whenFalse;
  }

  const value = supplied ?? node.inlineDefault ?? definition?.defaultValue;
  if (value === undefined) {
    if (definition?.required === false) return "";
    problems.missing(definition ?? { name: node.name });
    return null;
  }
  const checked = checkValue(node.name, value, definition, problems);
  if (checked === null) return null;
  if (checked.kind === "text")
    return checked.text === "" ? "" : delimitInline(node.name, checked.text);
  return checked.text;
}

type CheckedValue = { kind: "text" | "number" | "dropdown"; text: string; raw: TemplateValue };

function checkValue(
  name: string,
  value: TemplateValue,
  definition: TemplateVariable | undefined,
  problems: ProblemList,
): CheckedValue | null {
  const type = definition?.type ?? "text";
  if (definition?.type === "number") {
    const number = toFiniteNumber(value);
    if (number === null) {
      problems.add({
        code: "invalid_number",
        variable: name,
        message: `Variable "${name}" must be a number (got "${String(value)}")`,
      });
      return null;
    }
    if (
      (definition.min !== undefined && number < definition.min) ||
      (definition.max !== undefined && number > definition.max)
    ) {
      problems.add({
        code: "number_out_of_range",
        variable: name,
        message: `Variable "${name}" must be ${describeRange(definition.min, definition.max)} (got ${number})`,
      });
      return null;
    }
    return { kind: "number", text: String(number), raw: number };
  }
  const text = typeof value === "string" ? value : String(value ?? "");
  if (definition?.type === "dropdown") {
    const option = text.trim();
    if (!definition.options.includes(option)) {
      problems.add({
        code: "invalid_option",
        variable: name,
        message: `Variable "${name}" must be one of: ${definition.options.join(", ")} (got "${text}")`,
      });
      return null;
    }
    return { kind: "dropdown", text: option, raw: option };
  }
  return { kind: type, text, raw: value };
}

function isSupplied(value: TemplateValue): boolean {
  if (value === undefined || value === null) return false;
  return typeof value !== "string" || value.trim() !== "";
}

function describeRange(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `between ${min} and ${max}`;
  if (min !== undefined) return `at least ${min}`;
  return `at most ${max}`;
}

/** Problems in order, each reported once per variable and code however often the tag is used. */
class ProblemList {
  private readonly problems: TemplateProblem[];
  private readonly seen = new Set<string>();

  constructor(initial: readonly TemplateProblem[]) {
    this.problems = [...initial];
  }

  add(problem: TemplateProblem): void {
    const key = `${problem.code}:${problem.variable ?? ""}:${problem.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.problems.push(problem);
  }

  missing(variable: Pick<TemplateVariable, "name" | "helpText">): void {
    const help = variable.helpText?.trim() ? ` (${variable.helpText.trim()})` : "";
    this.add({
      code: "missing_variable",
      variable: variable.name,
      message: `Missing required variable "${variable.name}"${help}`,
    });
  }

  isMissing(name: string): boolean {
    return this.problems.some(
      (problem) => problem.code === "missing_variable" && problem.variable === name,
    );
  }

  all(): TemplateProblem[] {
    return [...this.problems];
  }
}

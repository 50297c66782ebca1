// Checks a template as its author saves it (before anyone fills it in): syntax, variable
// definitions, and whether the body and the definitions agree.
import { describeVariableUsage } from "./extract-variables.ts";
import { parseTemplate } from "./template-parser.ts";
import type { TemplateProblem } from "./template-problem.ts";
import { templateVariablesSchema } from "./template-variable.ts";

export interface TemplateValidation {
  /** Problems that make the template unusable. */
  errors: TemplateProblem[];
  /** Things worth fixing that do not block rendering (e.g. an unused definition). */
  warnings: string[];
}

/**
 * `variables` is unknown on purpose: it is what came from storage or a form. When a template
 * declares variables, a tag naming an undeclared one is an error (usually a typo); a template
 * that declares none may use any names, all treated as text.
 */
export function validateTemplate(template: {
  body: string;
  variables?: unknown;
}): TemplateValidation {
  const errors: TemplateProblem[] = [...parseTemplate(template.body).problems];
  const warnings: string[] = [];

  const parsed = templateVariablesSchema.safeParse(template.variables ?? []);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const where = issue.path.length > 0 ? ` (at variables.${issue.path.join(".")})` : "";
      errors.push({ code: "invalid_definition", message: `${issue.message}${where}` });
    }
    return { errors, warnings };
  }

  const definitions = parsed.data;
  const declared = new Set(definitions.map((variable) => variable.name));
  const usages = describeVariableUsage(template.body);
  if (definitions.length > 0) {
    for (const usage of usages) {
      if (!declared.has(usage.name)) {
        errors.push({
          code: "unknown_variable",
          variable: usage.name,
          message: `The template uses "${usage.name}", which is not among its variables (${[...declared].join(", ")})`,
        });
      }
    }
  }
  const used = new Set(usages.map((usage) => usage.name));
  for (const variable of definitions) {
    if (!used.has(variable.name)) {
      warnings.push(`Variable "${variable.name}" is declared but the template never uses it`);
    }
  }
  return { errors, warnings };
}

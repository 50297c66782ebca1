// Lists the variables a template body uses, for building its form and checking definitions.
import { parseTemplate } from "./template-parser.ts";

export interface VariableUsage {
  name: string;
  /** Used as `{{name}}` / `{{name|default}}` (its value is inserted). */
  asValue: boolean;
  /** Used as the condition of `{{name ? 'a' : 'b'}}`. */
  asCondition: boolean;
  /** The first inline default written for it, if any. */
  inlineDefault?: string;
}

/** Variable names in order of first use, each once. Malformed tags are ignored. */
export function extractVariables(body: string): string[] {
  return describeVariableUsage(body).map((usage) => usage.name);
}

export function describeVariableUsage(body: string): VariableUsage[] {
  const usages = new Map<string, VariableUsage>();
  for (const node of parseTemplate(body).nodes) {
    if (node.kind === "text") continue;
    const usage = usages.get(node.name) ?? { name: node.name, asValue: false, asCondition: false };
    if (node.kind === "conditional") usage.asCondition = true;
    else {
      usage.asValue = true;
      if (usage.inlineDefault === undefined && node.inlineDefault !== undefined) {
        usage.inlineDefault = node.inlineDefault;
      }
    }
    usages.set(node.name, usage);
  }
  return [...usages.values()];
}

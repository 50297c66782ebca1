// The prompt templates a batch shapes its tiers with: each must be an active template of the
// workspace, of the tier it is chosen for, and every variable it needs must have a value before
// the batch is launched — from its default, the built-in values or the batch's shared parameters.
// An item's template is only rendered by the worker, so a missing value would otherwise fail
// every item of that tier one by one.
import type { ActiveScaffolding } from "@parley/db";
import {
  AppError,
  BUILT_IN_TEMPLATE_VARIABLES,
  previewTemplate,
  type Tier,
  templateVariablesSchema,
} from "@parley/generation";
import type { ParsedCreateBatchInput } from "./batch-input.ts";

export interface BatchTemplate {
  id: string;
  name: string;
  version: number;
}

const TIER_NAMES: Record<Tier, string> = {
  template: "template",
  scenario: "scenario",
  edge_case: "edge case",
};

/** Built-in values a batch item always has; intent and tone are not set per item in a batch. */
const ITEM_VALUES = Object.fromEntries(
  BUILT_IN_TEMPLATE_VARIABLES.filter((name) => name !== "intent" && name !== "tone").map((name) => [
    name,
    name === "turn_count" ? 8 : name,
  ]),
);

export function resolveBatchTemplates(
  scaffolding: Pick<ActiveScaffolding, "templates">,
  input: Pick<ParsedCreateBatchInput, "templates" | "parameters">,
  tierCounts: Record<Tier, number>,
): Partial<Record<Tier, BatchTemplate>> {
  const chosen: Partial<Record<Tier, BatchTemplate>> = {};
  for (const [tier, id] of Object.entries(input.templates) as [Tier, string | undefined][]) {
    if (!id || tierCounts[tier] === 0) continue;
    const template = scaffolding.templates.find((candidate) => candidate.id === id);
    if (!template) {
      throw new AppError(
        "BAD_REQUEST",
        `The prompt template chosen for the ${TIER_NAMES[tier]} tier is not an active template of this workspace (it may have been retired or replaced by a newer version): choose it again.`,
      );
    }
    if (template.tier !== tier) {
      throw new AppError(
        "BAD_REQUEST",
        `"${template.name}" is a ${TIER_NAMES[template.tier]} template; it cannot shape ${TIER_NAMES[tier]} conversations.`,
      );
    }
    const variables = templateVariablesSchema.parse(template.variables);
    const { errors } = previewTemplate(
      { body: template.body, variables },
      { ...ITEM_VALUES, ...input.parameters },
    );
    if (errors.length > 0) {
      throw new AppError(
        "BAD_REQUEST",
        `"${template.name}" cannot be filled in for every conversation: ${errors.map((error) => error.message).join("; ")}. Give the value as a shared parameter.`,
      );
    }
    chosen[tier] = { id: template.id, name: template.name, version: template.version };
  }
  return chosen;
}

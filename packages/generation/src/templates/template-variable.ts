// The typed variables a prompt template declares (text, number, dropdown), as a zod schema so
// templates read from storage or a form are validated the same way everywhere.
import { z } from "zod";

/** Letters (any script), digits and underscores, not starting with a digit: `persona_name`. */
export const VARIABLE_NAME_PATTERN = /^[\p{L}_][\p{L}\p{N}_]*$/u;

export const variableNameSchema = z
  .string()
  .regex(
    VARIABLE_NAME_PATTERN,
    "A variable name uses letters, digits and underscores and does not start with a digit",
  );

const commonFields = {
  name: variableNameSchema,
  /** Shown next to the form field. */
  label: z.string().optional(),
  /** What the variable is for; quoted in "missing variable" messages. */
  helpText: z.string().optional(),
  /**
   * Whether a value must be supplied. Unset means "required unless it has a default"; a
   * variable with `required: false` and no default renders as an empty string.
   */
  required: z.boolean().optional(),
};

const textVariableSchema = z.object({
  ...commonFields,
  type: z.literal("text"),
  defaultValue: z.string().optional(),
});

const numberVariableSchema = z.object({
  ...commonFields,
  type: z.literal("number"),
  // Stored templates may keep defaults as strings ("8"); both are accepted and checked below.
  defaultValue: z.union([z.number(), z.string()]).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});

const dropdownVariableSchema = z.object({
  ...commonFields,
  type: z.literal("dropdown"),
  options: z.array(z.string().min(1)).min(1, "A dropdown needs at least one option"),
  defaultValue: z.string().optional(),
});

export const templateVariableSchema = z
  .discriminatedUnion("type", [textVariableSchema, numberVariableSchema, dropdownVariableSchema])
  .superRefine((variable, ctx) => {
    if (variable.type === "number" && variable.defaultValue !== undefined) {
      const value = toFiniteNumber(variable.defaultValue);
      if (value === null) {
        ctx.addIssue({
          code: "custom",
          path: ["defaultValue"],
          message: `The default of "${variable.name}" must be a number`,
        });
      } else if (
        (variable.min !== undefined && value < variable.min) ||
        (variable.max !== undefined && value > variable.max)
      ) {
        ctx.addIssue({
          code: "custom",
          path: ["defaultValue"],
          message: `The default of "${variable.name}" is outside its range`,
        });
      }
    }
    if (variable.type === "number" && variable.min !== undefined && variable.max !== undefined) {
      if (variable.min > variable.max) {
        ctx.addIssue({ code: "custom", path: ["min"], message: "min is greater than max" });
      }
    }
    if (
      variable.type === "dropdown" &&
      variable.defaultValue !== undefined &&
      !variable.options.includes(variable.defaultValue)
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["defaultValue"],
        message: `The default of "${variable.name}" is not one of its options`,
      });
    }
    if (
      variable.type === "dropdown" &&
      new Set(variable.options).size !== variable.options.length
    ) {
      ctx.addIssue({ code: "custom", path: ["options"], message: "Dropdown options repeat" });
    }
  });

export const templateVariablesSchema = z
  .array(templateVariableSchema)
  // A bound, so a pasted or hostile list of thousands is refused at once rather than checked pair by pair.
  .max(100, "At most 100 variables")
  .superRefine((variables, ctx) => {
    const seen = new Set<string>();
    variables.forEach((variable, index) => {
      if (seen.has(variable.name)) {
        ctx.addIssue({
          code: "custom",
          path: [index, "name"],
          message: `Variable "${variable.name}" is declared twice`,
        });
      }
      seen.add(variable.name);
    });
  });

export type TemplateVariable = z.infer<typeof templateVariableSchema>;
export type TemplateVariableType = TemplateVariable["type"];

export const promptTemplateSchema = z.object({
  body: z.string(),
  variables: templateVariablesSchema.default([]),
});
/** A template as the renderer needs it: the body and its variable definitions (may be empty). */
export interface PromptTemplate {
  body: string;
  variables?: readonly TemplateVariable[];
}

/** Values supplied for a render; form inputs arrive as strings, callers may pass numbers. */
export type TemplateValue = string | number | boolean | null | undefined;
export type TemplateValues = Readonly<Record<string, TemplateValue>>;

/** A number from a number or a numeric string ("8", " 2.5 "); null for anything else. */
export function toFiniteNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string" || value.trim() === "") return null;
  const parsed = Number(value.trim());
  return Number.isFinite(parsed) ? parsed : null;
}

/** Whether a variable without a supplied value blocks rendering. */
export function isRequiredVariable(variable: TemplateVariable): boolean {
  if (variable.required === false) return false;
  return variable.defaultValue === undefined;
}

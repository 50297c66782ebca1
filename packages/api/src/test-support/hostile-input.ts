// Inputs for fuzzing a procedure, generated with fast-check from its own zod schema (through
// zod's JSON Schema export, so any schema a colleague writes is understood): mostly well-formed,
// with each field in turn replaced by something hostile — a wrong type, a huge string or array,
// NaN, a negative or enormous number, an unknown key, a unicode edge case or a malformed id.
import fc from "fast-check";
import { z } from "zod";

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

const HUGE = 100_000;

/** Strings that break naive code: control and format characters, surrogates, injection bait. */
export const UNICODE_EDGE_CASES = [
  "",
  " ",
  "\u0000",
  "\uD800",
  "\uDFFF\uD800",
  "\u202Eevil\u202C",
  "\uFEFF",
  "e\u0301\u0301\u0301",
  "👩‍👩‍👧‍👦",
  "𝕏".repeat(2_000),
  "Z̴̡̛͓a̶l̷g̸o̵",
  "\r\n\t",
  "'; drop table conversations; --",
  "%_\\",
  "../../../etc/passwd",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: template-injection bait, on purpose
  "{{persona}}${process}",
  "<script>alert(1)</script>",
  "__proto__",
];

/** Ids that are not ids: wrong shape, right shape but nobody's, case and whitespace games. */
export const MALFORMED_IDS = [
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "------------------------------------",
  "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
  "12345678-1234-1234-1234-1234567890123",
  "1 OR 1=1",
  "NaN",
  "9ad8c2c0-7e0b-4b5e-9f4c-5d3c2b1a0f9e\n",
];

const NUMBERS = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -1,
  -0,
  0.5,
  1e308,
  -1e308,
  2 ** 53 + 1,
  2 ** 31,
  -(2 ** 31) - 1,
];

/** Anything at all, of any type, for a field whose schema says nothing (or to replace one). */
const WRONG_TYPES: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    [],
    {},
    new Date(Number.NaN),
    new Date(8.64e15),
    JSON.parse('{"__proto__": {"polluted": true}}'),
    { constructor: { prototype: { polluted: true } } },
    Symbol.for("parley"),
    10n ** 30n,
  ),
  fc.constantFrom(...NUMBERS),
  fc.constantFrom(...UNICODE_EDGE_CASES),
  fc.constantFrom(...MALFORMED_IDS),
  fc.constant("x".repeat(HUGE)),
  fc.anything({ maxDepth: 2, maxKeys: 4, withBigInt: true, withDate: true }),
);

/**
 * The pattern to generate matching strings from. Unicode classes stand for a few of their letters
 * and digits: fast-check would otherwise build a class of every letter in Unicode for each input
 * (seconds per procedure); the hostile values bring the rest of Unicode anyway.
 */
function asRegExp(pattern: string): RegExp | null {
  const sampled = pattern.replaceAll("\\p{L}", "a-zA-Zéß").replaceAll("\\p{N}", "0-9");
  try {
    return new RegExp(sampled, "u");
  } catch {
    return null;
  }
}

export interface FuzzContext {
  /** Real ids of both workspaces, so some guesses hit rows (of the caller's workspace or not). */
  ids: string[];
}

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  return schema.type ? [schema.type] : [];
}

/** A value of the field's type that breaks its limits, or a value of another type altogether. */
function hostile(schema: JsonSchema, context: FuzzContext): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [WRONG_TYPES];
  for (const type of typesOf(schema)) {
    if (type === "string") {
      options.push(fc.constantFrom(...UNICODE_EDGE_CASES, ...MALFORMED_IDS));
      options.push(fc.constant("y".repeat(Math.min((schema.maxLength ?? HUGE) + 1, HUGE))));
      if (schema.format === "uuid") options.push(fc.uuid({ version: [1, 4, 7] }));
    }
    if (type === "number" || type === "integer") {
      const edges = [
        schema.minimum,
        schema.maximum,
        schema.exclusiveMinimum,
        schema.exclusiveMaximum,
      ]
        .filter((value): value is number => value !== undefined)
        .flatMap((value) => [value - 1, value + 1, value + 0.5]);
      options.push(fc.constantFrom(...NUMBERS, ...(edges.length ? edges : [0])));
    }
    if (type === "array") {
      const element = schema.items ? valid(schema.items, context) : WRONG_TYPES;
      const over = Math.min((schema.maxItems ?? 10_000) + 1, 10_000);
      options.push(element.map((value) => Array.from({ length: over }, () => value)));
    }
    if (type === "object") {
      options.push(
        valid(schema, context).map((value) =>
          typeof value === "object" && value !== null
            ? { ...value, zzUnknownKey: 1, ["k".repeat(1_000)]: "v", constructor: "x" }
            : value,
        ),
      );
    }
  }
  return fc.oneof(...options);
}

/** Mostly the field as its schema wants it, sometimes something hostile instead. */
function field(schema: JsonSchema, context: FuzzContext): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: valid(schema, context), weight: 8 },
    { arbitrary: hostile(schema, context), weight: 1 },
  );
}

/** A value the schema accepts (as far as JSON Schema says; refinements are not known here). */
function valid(schema: JsonSchema, context: FuzzContext): fc.Arbitrary<unknown> {
  if ("const" in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((option) => valid(option, context)));
  if (schema.allOf) {
    return fc
      .tuple(...schema.allOf.map((part) => valid(part, context)))
      .map((parts) =>
        parts.every((part) => typeof part === "object" && part !== null && !Array.isArray(part))
          ? Object.assign({}, ...parts)
          : parts[0],
      );
  }
  const types = typesOf(schema);
  if (types.length > 1) {
    return fc.oneof(...types.map((type) => valid({ ...schema, type }, context)));
  }
  switch (types[0]) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
    case "number": {
      const min = schema.minimum ?? (schema.exclusiveMinimum ?? -101) + 1;
      const max = Math.min(schema.maximum ?? (schema.exclusiveMaximum ?? min + 101) - 1, min + 20);
      // Small values: a valid count of 10 000 would make each run a slow batch, not a fuzz case.
      return types[0] === "integer"
        ? fc.integer({ min: Math.ceil(min), max: Math.max(Math.ceil(min), Math.floor(max)) })
        : fc.double({ min, max: Math.max(min, max), noNaN: true, noDefaultInfinity: true });
    }
    case "string": {
      if (schema.format === "uuid") {
        return fc.oneof(fc.constantFrom(...context.ids), fc.uuid({ version: 4 }));
      }
      if (schema.format === "uri") {
        return fc.constantFrom(
          "https://huggingface.co",
          "http://127.0.0.1:1/hub",
          "https://hub.example.test/",
        );
      }
      if (schema.format === "date-time") {
        return fc
          .date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
          .map((date) => date.toISOString());
      }
      if (schema.format === "email") return fc.emailAddress();
      const maxLength = Math.min(schema.maxLength ?? 40, 200);
      const pattern = schema.pattern ? asRegExp(schema.pattern) : null;
      if (pattern) return fc.stringMatching(pattern).map((text) => text.slice(0, maxLength));
      return fc.string({
        minLength: Math.min(schema.minLength ?? 0, maxLength),
        maxLength,
        unit: "binary",
      });
    }
    case "array":
      return fc.array(schema.items ? field(schema.items, context) : WRONG_TYPES, {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 4, 4)),
      });
    case "object": {
      const properties = schema.properties ?? {};
      const shape = Object.fromEntries(
        Object.entries(properties).map(([key, value]) => [key, field(value, context)]),
      );
      const known = fc.record(shape, { requiredKeys: schema.required ?? [] });
      const extra = schema.additionalProperties;
      if (typeof extra !== "object") return known;
      return fc
        .tuple(
          known,
          fc.dictionary(fc.string({ maxLength: 12 }), field(extra, context), { maxKeys: 3 }),
        )
        .map(([fields, more]) => ({ ...more, ...fields }));
    }
    default:
      // No JSON Schema for it (a date, a transform, a custom check): anything, dates included.
      return fc.oneof(fc.date({ noInvalidDate: true }), WRONG_TYPES);
  }
}

/**
 * Inputs for a procedure with these input schemas: now and then the whole input is of the wrong
 * type, usually it is shaped right with hostile fields inside.
 */
export function hostileInputs(inputs: z.ZodType[], context: FuzzContext): fc.Arbitrary<unknown> {
  const [schema] = inputs;
  if (!schema) return fc.oneof(fc.constant(undefined), WRONG_TYPES);
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return fc.oneof(
    { arbitrary: field(json, context), weight: 6 },
    { arbitrary: WRONG_TYPES, weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
}

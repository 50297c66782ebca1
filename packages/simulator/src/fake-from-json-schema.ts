// Produces a value that satisfies a JSON schema, for forced tools the simulator has no writer
// for (an LLM judge's scoring tool, say), so any structured call gets a valid answer.
import type { Random } from "./seeded-random.ts";

type Schema = Record<string, unknown>;

const SENTENCES = [
  "The conversation follows the brief closely and reads naturally.",
  "Each turn stays on topic and the emotional progression is believable.",
  "The assistant responds with empathy and gives concrete, realistic next steps.",
  "Minor repetition aside, the dialogue is coherent and well paced.",
];

function asSchema(value: unknown): Schema {
  return typeof value === "object" && value !== null ? (value as Schema) : {};
}

export function fakeFromJsonSchema(
  schemaInput: unknown,
  random: Random,
  name = "value",
  depth = 0,
): unknown {
  const schema = asSchema(schemaInput);
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return random.pick(schema.enum);
  const variants = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (Array.isArray(variants) && variants.length > 0) {
    const concrete = variants.filter((v) => asSchema(v).type !== "null");
    return fakeFromJsonSchema(concrete[0] ?? variants[0], random, name, depth);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "object": {
      const properties = asSchema(schema.properties);
      const result: Record<string, unknown> = {};
      if (depth > 6) return result;
      for (const [key, value] of Object.entries(properties)) {
        result[key] = fakeFromJsonSchema(value, random, key, depth + 1);
      }
      return result;
    }
    case "array": {
      const min = typeof schema.minItems === "number" ? schema.minItems : 1;
      const max = typeof schema.maxItems === "number" ? schema.maxItems : Math.max(min, 3);
      const count = depth > 6 ? min : random.between(min, Math.max(min, Math.min(max, min + 2)));
      return Array.from({ length: count }, () =>
        fakeFromJsonSchema(schema.items, random, name, depth + 1),
      );
    }
    case "integer":
    case "number": {
      const min = typeof schema.minimum === "number" ? schema.minimum : 0;
      const max = typeof schema.maximum === "number" ? schema.maximum : Math.max(min, 10);
      const value = min + (max - min) * (0.55 + random.next() * 0.4);
      return type === "integer" ? Math.round(value) : Math.round(value * 100) / 100;
    }
    case "boolean":
      return random.chance(0.8);
    case "null":
      return null;
    default: {
      const text = random.pick(SENTENCES);
      const minLength = typeof schema.minLength === "number" ? schema.minLength : 0;
      const maxLength =
        typeof schema.maxLength === "number" ? schema.maxLength : Number.POSITIVE_INFINITY;
      const padded = text.length >= minLength ? text : text.padEnd(minLength, ".");
      return padded.slice(0, maxLength);
    }
  }
}

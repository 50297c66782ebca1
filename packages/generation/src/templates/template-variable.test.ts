import { describe, expect, it } from "vitest";
import {
  isRequiredVariable,
  templateVariableSchema,
  templateVariablesSchema,
} from "./template-variable.ts";

describe("template variable definitions", () => {
  it("accepts the three types", () => {
    const parsed = templateVariablesSchema.parse([
      { name: "persona_name", type: "text", helpText: "Who the client is" },
      { name: "turns", type: "number", defaultValue: "8", min: 4, max: 10 },
      { name: "tone", type: "dropdown", options: ["warm", "formal"], defaultValue: "warm" },
    ]);
    expect(parsed.map((variable) => variable.type)).toEqual(["text", "number", "dropdown"]);
  });

  it("rejects names that could not appear in a tag", () => {
    expect(templateVariableSchema.safeParse({ name: "1st", type: "text" }).success).toBe(false);
    expect(templateVariableSchema.safeParse({ name: "a-b", type: "text" }).success).toBe(false);
    expect(templateVariableSchema.safeParse({ name: "année", type: "text" }).success).toBe(true);
  });

  it("rejects a dropdown without options or with a default outside them", () => {
    expect(
      templateVariableSchema.safeParse({ name: "t", type: "dropdown", options: [] }).success,
    ).toBe(false);
    const result = templateVariableSchema.safeParse({
      name: "t",
      type: "dropdown",
      options: ["a"],
      defaultValue: "b",
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(`The default of "t" is not one of its options`);
  });

  it("rejects a non-numeric or out-of-range number default", () => {
    expect(
      templateVariableSchema.safeParse({ name: "n", type: "number", defaultValue: "many" }).success,
    ).toBe(false);
    expect(
      templateVariableSchema.safeParse({ name: "n", type: "number", defaultValue: 12, max: 10 })
        .success,
    ).toBe(false);
  });

  it("rejects a list declaring the same name twice", () => {
    const result = templateVariablesSchema.safeParse([
      { name: "a", type: "text" },
      { name: "a", type: "number" },
    ]);
    expect(result.error?.issues[0]?.message).toBe(`Variable "a" is declared twice`);
  });

  it("makes a variable required unless it has a default or says otherwise", () => {
    expect(isRequiredVariable({ name: "a", type: "text" })).toBe(true);
    expect(isRequiredVariable({ name: "a", type: "text", defaultValue: "" })).toBe(false);
    expect(isRequiredVariable({ name: "a", type: "text", required: false })).toBe(false);
  });
});

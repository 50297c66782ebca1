import { describe, expect, it } from "vitest";
import { extractVariables } from "./extract-variables.ts";
import { validateTemplate } from "./validate-template.ts";

describe("extractVariables", () => {
  it("lists each variable once in order of first use, conditions included", () => {
    expect(extractVariables("{{b}} {{a|x}} {{b}} {{c ? 'y' : 'n'}} {{{d}}} {{bad")).toEqual([
      "b",
      "a",
      "c",
      "d",
    ]);
  });

  it("finds nothing in plain text or malformed tags", () => {
    expect(extractVariables("no tags { here } {{ }} {{1x}}")).toEqual([]);
  });
});

describe("validateTemplate", () => {
  it("flags a tag naming an undeclared variable when the template declares variables", () => {
    const result = validateTemplate({
      body: "{{persona_name}} {{persona_nmae}}",
      variables: [{ name: "persona_name", type: "text" }],
    });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ code: "unknown_variable", variable: "persona_nmae" });
  });

  it("lets a template without declarations use any names", () => {
    expect(validateTemplate({ body: "{{anything}}" }).errors).toEqual([]);
  });

  it("warns about declared variables the body never uses", () => {
    const result = validateTemplate({
      body: "{{a}}",
      variables: [
        { name: "a", type: "text" },
        { name: "b", type: "text" },
      ],
    });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([`Variable "b" is declared but the template never uses it`]);
  });

  it("reports invalid definitions and syntax problems together", () => {
    const result = validateTemplate({
      body: "{{a",
      variables: [{ name: "a", type: "dropdown", options: [] }],
    });
    expect(result.errors.map((problem) => problem.code)).toEqual([
      "unclosed_tag",
      "invalid_definition",
    ]);
  });
});

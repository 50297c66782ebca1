// Public surface of prompt templates: typed variables, parsing, preview/render, validation.
export * from "./extract-variables.ts";
export * from "./render-template.ts";
export * from "./template-parser.ts";
export * from "./template-problem.ts";
export * from "./template-variable.ts";
export * from "./truthiness.ts";
export * from "./validate-template.ts";
export * from "./value-delimiting.ts";

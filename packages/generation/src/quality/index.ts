// Public surface of quality: heuristic checks, the composite assessment, the optional LLM judge.
export * from "./assess-quality.ts";
export * from "./checks/average-length-check.ts";
export * from "./checks/emotional-progression-check.ts";
export * from "./checks/harmful-content-check.ts";
export * from "./checks/metadata-completeness-check.ts";
export * from "./checks/persona-consistency-check.ts";
export * from "./checks/role-alternation-check.ts";
export * from "./checks/turn-count-check.ts";
export * from "./emotion-families.ts";
export * from "./judge/build-judge-request.ts";
export * from "./judge/combine-quality-scores.ts";
export * from "./judge/judge-rubric.ts";
export * from "./judge/parse-judge-result.ts";
export * from "./quality-types.ts";

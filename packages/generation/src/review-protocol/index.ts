export * from "./draw-review-sample.ts";
export * from "./review-checklist.ts";
export * from "./sample-result.ts";

// Public surface of the quality dimensions: the stored shape, the floors and the scorer.
export * from "./quality-dimensions-schema.ts";
export * from "./quality-floors.ts";
export * from "./score-dimensions.ts";
export * from "./uniqueness.ts";

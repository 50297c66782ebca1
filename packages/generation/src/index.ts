export * from "./conversation-schema.ts";
export * from "./export/index.ts";
export * from "./templates/index.ts";
export * from "./prompt/index.ts";
export * from "./planning/index.ts";
export * from "./estimation/index.ts";
export * from "./quality/index.ts";
export * from "./dedup/index.ts";

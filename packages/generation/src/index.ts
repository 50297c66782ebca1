export * from "./conversation-schema.ts";
export * from "./export/index.ts";

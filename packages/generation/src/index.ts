export * from "./conversation-schema.ts";

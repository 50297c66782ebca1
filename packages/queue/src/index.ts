export * from "./catalog.ts";
export * from "./progress-hub.ts";
export * from "./queue.ts";

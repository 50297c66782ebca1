// Public surface of estimation: batch cost/time estimates, duration bounds, token profiles.
export * from "./batch-duration.ts";
export * from "./estimate-batch.ts";
export * from "./estimate-prompt-batch.ts";
export * from "./estimation-error.ts";
export * from "./prompt-cache-minimums.ts";
export * from "./simulated-latency.ts";
export * from "./token-estimate.ts";
export * from "./token-profiles.ts";

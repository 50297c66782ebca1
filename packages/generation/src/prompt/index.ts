// Public surface of the prompt builder: tier profiles, the consultant, the request builder.
export * from "./build-conversation-request.ts";
export * from "./built-in-template-values.ts";
export * from "./consultant.ts";
export * from "./prompt-build-error.ts";
export * from "./system-block.ts";
export * from "./tier-profiles.ts";

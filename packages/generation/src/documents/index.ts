export * from "./chunk-document.ts";
export * from "./chunking-options.ts";
export * from "./document-blocks.ts";
export * from "./markdown-blocks.ts";
export * from "./plain-text-blocks.ts";

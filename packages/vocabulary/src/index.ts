// @parley/vocabulary: the closed sets of values the product speaks (tiers, statuses, formats,
// roles), each listed once. It imports nothing, so db, generation, export and the web can all use it.
export * from "./column-values.ts";
export * from "./prompt-file-formats.ts";

// Public surface of near-duplicate detection: shingles, MinHash, LSH index, duplicate search.
export * from "./conversation-fingerprint.ts";
export * from "./find-near-duplicate.ts";
export * from "./hash32.ts";
export * from "./lsh-index.ts";
export * from "./minhash.ts";
export * from "./shingles.ts";
export * from "./signature-encoding.ts";

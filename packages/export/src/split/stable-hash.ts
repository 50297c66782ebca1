// A 32-bit hash of (seed, id) that is the same on every machine and Node version, so a
// conversation lands in the same split every time the same dataset is exported.
import { createHash } from "node:crypto";

export const HASH_SPACE = 2 ** 32;

export function stableHash(seed: string, id: string): number {
  // NUL cannot occur in either part's meaning, so ("a", "bc") and ("ab", "c") differ.
  return createHash("sha256").update(`${seed}\u0000${id}`).digest().readUInt32BE(0);
}

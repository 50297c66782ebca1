// Fast 32-bit hashing for MinHash: FNV-1a for strings, MurmurHash3's finaliser to derive the
// many hash functions from one base hash (a seeded bijection per function).

export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** MurmurHash3 fmix32: full avalanche, so `mix32(x ^ seed)` behaves like an independent hash. */
export function mix32(value: number): number {
  let hash = value >>> 0;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** Hash of a run of 32-bit numbers (an LSH band). */
export function hashNumbers(values: ArrayLike<number>, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let index = start; index < end; index++) {
    hash = Math.imul(hash ^ ((values[index] ?? 0) >>> 0), 0x01000193);
    hash = mix32(hash);
  }
  return hash >>> 0;
}

// MinHash signatures: a fixed-size summary of a text whose positions agree with another
// text's in proportion to the Jaccard similarity of their shingle sets.
//
// Shingles of 3 words by default: conversations are a few hundred words, and every edited word
// changes k shingles, so a small k keeps a lightly edited copy above the 0.85 threshold (with
// k = 5, five edits in 300 words already drop it to about 0.85). 128 hash functions give an
// estimate within about ±0.04 (one standard deviation at J = 0.85).
import { fnv1a32, mix32 } from "./hash32.ts";
import { wordShingles } from "./shingles.ts";

export interface MinHashOptions {
  /** Words per shingle, 3 to 5; 3 unless given. */
  shingleSize?: number;
  /** Signature length; 128 unless given. */
  numHashes?: number;
  /** Seed of the hash family; signatures are only comparable with the same seed. */
  seed?: number;
}

export const DEFAULT_MINHASH_OPTIONS: Readonly<Required<MinHashOptions>> = Object.freeze({
  shingleSize: 3,
  numHashes: 128,
  seed: 0x5eed_1234,
});

export type MinHashSignature = Uint32Array;

const EMPTY_SLOT = 0xffffffff;
const seedCache = new Map<string, Uint32Array>();

function hashSeeds(numHashes: number, seed: number): Uint32Array {
  const key = `${numHashes}:${seed}`;
  let seeds = seedCache.get(key);
  if (!seeds) {
    seeds = new Uint32Array(numHashes);
    for (let index = 0; index < numHashes; index++)
      seeds[index] = mix32(seed + Math.imul(index + 1, 0x9e3779b9));
    seedCache.set(key, seeds);
  }
  return seeds;
}

export function minhashSignature(text: string, options: MinHashOptions = {}): MinHashSignature {
  const { shingleSize, numHashes, seed } = { ...DEFAULT_MINHASH_OPTIONS, ...options };
  if (!Number.isInteger(shingleSize) || shingleSize < 1)
    throw new RangeError("shingleSize must be a positive integer");
  if (!Number.isInteger(numHashes) || numHashes < 1)
    throw new RangeError("numHashes must be a positive integer");
  const seeds = hashSeeds(numHashes, seed);
  const signature = new Uint32Array(numHashes).fill(EMPTY_SLOT);
  for (const shingle of wordShingles(text, shingleSize)) {
    const base = fnv1a32(shingle);
    for (let index = 0; index < numHashes; index++) {
      const value = mix32(base ^ (seeds[index] as number));
      if (value < (signature[index] as number)) signature[index] = value;
    }
  }
  return signature;
}

/** True for the signature of a text without words: it resembles nothing. */
export function isEmptySignature(signature: ArrayLike<number>): boolean {
  for (let index = 0; index < signature.length; index++)
    if (signature[index] !== EMPTY_SLOT) return false;
  return true;
}

/** Share of positions where the signatures agree: an estimate of the Jaccard similarity. */
export function estimateJaccard(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) {
    throw new RangeError(
      `Signatures of different lengths (${a.length} and ${b.length}) cannot be compared`,
    );
  }
  if (a.length === 0 || isEmptySignature(a) || isEmptySignature(b)) return 0;
  let same = 0;
  for (let index = 0; index < a.length; index++) if (a[index] === b[index]) same++;
  return same / a.length;
}

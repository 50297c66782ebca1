// Locality-sensitive hashing over MinHash signatures: each signature is cut into `bands` bands
// of `rows` values, and two signatures become candidates when any band matches exactly. With
// the default 16 × 8, a pair at Jaccard 0.85 becomes a candidate with probability
// 1 − (1 − 0.85⁸)¹⁶ ≈ 99.4 %, a pair at 0.5 with about 6 %; candidates are then checked
// against the real threshold, so only recall depends on the banding.
import { hashNumbers } from "./hash32.ts";
import { isEmptySignature } from "./minhash.ts";

export interface LshOptions {
  bands?: number;
  rows?: number;
}

export const DEFAULT_LSH_OPTIONS: Readonly<Required<LshOptions>> = Object.freeze({
  bands: 16,
  rows: 8,
});

/** Probability that a pair with Jaccard similarity `similarity` becomes a candidate. */
export function candidateProbability(similarity: number, options: LshOptions = {}): number {
  const { bands, rows } = { ...DEFAULT_LSH_OPTIONS, ...options };
  return 1 - (1 - similarity ** rows) ** bands;
}

/**
 * One unsigned 32-bit key per band; two signatures are LSH candidates when any key is equal.
 * Exposed so a database can index the keys and find candidates without loading every signature.
 */
export function lshBandKeys(signature: ArrayLike<number>, options: LshOptions = {}): number[] {
  const { bands, rows } = { ...DEFAULT_LSH_OPTIONS, ...options };
  const keys: number[] = [];
  for (let band = 0; band < bands; band++) {
    const start = band * rows;
    // The band number is mixed in so equal values in different bands do not collide.
    keys.push(
      (hashNumbers(signature, start, start + rows) ^ Math.imul(band + 1, 0x9e3779b9)) >>> 0,
    );
  }
  return keys;
}

export class LshIndex {
  readonly bands: number;
  readonly rows: number;
  private readonly buckets: Map<number, string[]>[];
  private readonly signatures = new Map<string, Uint32Array>();

  constructor(options: LshOptions = {}) {
    const { bands, rows } = { ...DEFAULT_LSH_OPTIONS, ...options };
    if (!Number.isInteger(bands) || bands < 1 || !Number.isInteger(rows) || rows < 1) {
      throw new RangeError("bands and rows must be positive integers");
    }
    this.bands = bands;
    this.rows = rows;
    this.buckets = Array.from({ length: bands }, () => new Map<number, string[]>());
  }

  /** Signatures must have bands × rows values. */
  get signatureLength(): number {
    return this.bands * this.rows;
  }

  get size(): number {
    return this.signatures.size;
  }

  has(id: string): boolean {
    return this.signatures.has(id);
  }

  get(id: string): Uint32Array | undefined {
    return this.signatures.get(id);
  }

  /** Adds (or replaces) a signature. Empty-text signatures are kept but never bucketed. */
  add(id: string, signature: ArrayLike<number>): void {
    this.checkLength(signature);
    if (this.signatures.has(id)) this.remove(id);
    const stored = Uint32Array.from(signature);
    this.signatures.set(id, stored);
    if (isEmptySignature(stored)) return;
    this.forEachBandKey(stored, (band, key) => {
      const bucket = band.get(key);
      if (bucket) bucket.push(id);
      else band.set(key, [id]);
    });
  }

  remove(id: string): boolean {
    const signature = this.signatures.get(id);
    if (!signature) return false;
    this.signatures.delete(id);
    this.forEachBandKey(signature, (band, key) => {
      const bucket = band.get(key);
      if (!bucket) return;
      const remaining = bucket.filter((member) => member !== id);
      if (remaining.length > 0) band.set(key, remaining);
      else band.delete(key);
    });
    return true;
  }

  /** Ids sharing at least one band with the signature, in insertion order, each once. */
  candidates(signature: ArrayLike<number>): string[] {
    this.checkLength(signature);
    if (isEmptySignature(signature)) return [];
    const found = new Set<string>();
    this.forEachBandKey(signature, (band, key) => {
      for (const id of band.get(key) ?? []) found.add(id);
    });
    return [...found];
  }

  private forEachBandKey(
    signature: ArrayLike<number>,
    visit: (band: Map<number, string[]>, key: number) => void,
  ) {
    lshBandKeys(signature, this).forEach((key, band) => {
      visit(this.buckets[band] as Map<number, string[]>, key);
    });
  }

  private checkLength(signature: ArrayLike<number>): void {
    if (signature.length !== this.signatureLength) {
      throw new RangeError(
        `This index takes signatures of ${this.signatureLength} values (${this.bands} bands × ${this.rows} rows), not ${signature.length}`,
      );
    }
  }
}

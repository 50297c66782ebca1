// Turns text into the set of overlapping k-word sequences ("shingles") MinHash compares.
// Case, punctuation and spacing are ignored so reformatting does not hide a duplicate.

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

export function shingleWords(text: string): string[] {
  return text.normalize("NFKC").toLowerCase().match(WORD) ?? [];
}

/** Distinct k-word shingles; a text shorter than k words is one shingle of all its words. */
export function wordShingles(text: string, size: number): Set<string> {
  const words = shingleWords(text);
  const shingles = new Set<string>();
  if (words.length === 0) return shingles;
  if (words.length < size) {
    shingles.add(words.join(" "));
    return shingles;
  }
  for (let start = 0; start + size <= words.length; start++) {
    shingles.add(words.slice(start, start + size).join(" "));
  }
  return shingles;
}

/** The text of a conversation as dedup compares it: every message, roles left out. */
export function conversationDedupText(conversation: {
  turns: readonly { content: string }[];
}): string {
  return conversation.turns.map((turn) => turn.content).join("\n");
}

/** Exact Jaccard similarity of two sets (for tests and for checking estimates). */
export function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}

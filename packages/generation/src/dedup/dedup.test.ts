import { describe, expect, it } from "vitest";
import { createSeededRandom, type RandomSource } from "../planning/seeded-random.ts";
import { findNearDuplicate, findNearDuplicatesInBatch } from "./find-near-duplicate.ts";
import { candidateProbability, LshIndex } from "./lsh-index.ts";
import { estimateJaccard, minhashSignature } from "./minhash.ts";
import { jaccard, wordShingles } from "./shingles.ts";
import { decodeSignature, encodeSignature, signatureToArray } from "./signature-encoding.ts";

const conversation = `I keep putting off opening my retirement statements because every time I look at them I feel
like I have already failed. My sister has a plan and a spreadsheet and I have a drawer full of unopened envelopes.
That drawer is more common than you think, and it is not a verdict on you. Avoiding something that feels heavy is a
very human way of protecting yourself. What if we opened just one envelope together today and only looked for two
numbers: what you have saved so far and what your employer adds each month? Okay. The statement says I have eleven
thousand dollars and my employer puts in three percent if I put in three percent. That is real money you have been
building, and the employer match means every dollar you add up to three percent is matched in full.`;

function randomText(random: RandomSource, words: number, vocabulary: string[]): string {
  return Array.from(
    { length: words },
    () => vocabulary[Math.floor(random() * vocabulary.length)],
  ).join(" ");
}

function editWords(text: string, share: number, random: RandomSource): string {
  const words = text.split(" ");
  const edits = Math.max(1, Math.round(words.length * share));
  for (let edit = 0; edit < edits; edit++) {
    words[Math.floor(random() * words.length)] = `edited${Math.floor(random() * 1e6)}`;
  }
  return words.join(" ");
}

describe("MinHash", () => {
  it("gives identical texts identical signatures, ignoring case, punctuation and spacing", () => {
    const reformatted = conversation.toUpperCase().replaceAll(",", " ,").replaceAll("\n", "  ");
    expect(estimateJaccard(minhashSignature(conversation), minhashSignature(reformatted))).toBe(1);
  });

  it("estimates the Jaccard similarity of a light edit closely", () => {
    const edited = conversation
      .replace("eleven", "twelve")
      .replace("sister", "brother")
      .replace("today", "this afternoon");
    const exact = jaccard(wordShingles(conversation, 3), wordShingles(edited, 3));
    const estimate = estimateJaccard(minhashSignature(conversation), minhashSignature(edited));
    expect(exact).toBeGreaterThan(0.85);
    expect(Math.abs(estimate - exact)).toBeLessThan(0.1);
  });

  it("sees unrelated texts as unrelated", () => {
    const other =
      "We talked about whether to lease or buy the delivery van for the bakery and how the loan payments compare with the lease over five years of ownership.";
    expect(estimateJaccard(minhashSignature(conversation), minhashSignature(other))).toBeLessThan(
      0.1,
    );
  });

  it("is deterministic for a seed and different for another", () => {
    expect(minhashSignature(conversation)).toEqual(minhashSignature(conversation));
    expect(minhashSignature(conversation, { seed: 7 })).not.toEqual(minhashSignature(conversation));
    expect(minhashSignature(conversation)).toHaveLength(128);
  });

  it("treats a text without words as resembling nothing, not even another empty text", () => {
    expect(estimateJaccard(minhashSignature(""), minhashSignature("  ...  "))).toBe(0);
  });

  it("refuses to compare signatures of different lengths", () => {
    expect(() =>
      estimateJaccard(minhashSignature("a b c"), minhashSignature("a b c", { numHashes: 64 })),
    ).toThrow(/different lengths/);
  });
});

describe("signature storage", () => {
  it("round-trips through base64 and number[]", () => {
    const signature = minhashSignature(conversation);
    const encoded = encodeSignature(signature);
    expect(encoded).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(decodeSignature(encoded)).toEqual(signature);
    const asArray = signatureToArray(signature);
    expect(JSON.parse(JSON.stringify(asArray))).toEqual(asArray);
    expect(estimateJaccard(asArray, signature)).toBe(1);
  });
});

describe("findNearDuplicate", () => {
  const index = new LshIndex();
  index.add("original", minhashSignature(conversation));
  index.add(
    "other",
    minhashSignature(
      "A completely different exchange about choosing health insurance at open enrollment time.",
    ),
  );

  it("finds a lightly edited copy", () => {
    const edited = conversation.replace("eleven", "twelve").replace("drawer", "box");
    expect(findNearDuplicate(minhashSignature(edited), index)).toBe("original");
  });

  it("finds nothing for an unrelated text or below the threshold", () => {
    expect(
      findNearDuplicate(
        minhashSignature("Let us review your estate plan and the beneficiaries on each account."),
        index,
      ),
    ).toBeNull();
    const half = conversation.slice(0, conversation.length / 2);
    expect(findNearDuplicate(minhashSignature(half), index)).toBeNull();
    expect(findNearDuplicate(minhashSignature(half), index, 0.3)).toBe("original");
  });

  it("forgets removed signatures", () => {
    const local = new LshIndex();
    local.add("a", minhashSignature(conversation));
    local.remove("a");
    expect(findNearDuplicate(minhashSignature(conversation), local)).toBeNull();
    expect(local.size).toBe(0);
  });

  it("refuses signatures that do not fit the banding", () => {
    expect(() =>
      new LshIndex({ bands: 10, rows: 10 }).add("x", minhashSignature(conversation)),
    ).toThrow("This index takes signatures of 100 values (10 bands × 10 rows), not 128");
  });
});

describe("findNearDuplicatesInBatch", () => {
  it("checks a batch against the workspace and against earlier items of the batch", () => {
    const workspace = new LshIndex();
    workspace.add("stored-1", minhashSignature(conversation));
    const random = createSeededRandom("batch");
    const fresh = randomText(
      random,
      150,
      Array.from({ length: 500 }, (_, i) => `w${i}`),
    );
    const duplicates = findNearDuplicatesInBatch(
      [
        { id: "new-1", text: conversation.replace("sister", "brother") },
        { id: "new-2", text: fresh },
        { id: "new-3", text: editWords(fresh, 0.01, random) },
        {
          id: "new-4",
          text: "A short unrelated note about travel insurance for a family trip abroad next year.",
        },
      ],
      workspace,
    );
    expect(duplicates.map(({ id, duplicateOf }) => ({ id, duplicateOf }))).toEqual([
      { id: "new-1", duplicateOf: "stored-1" },
      { id: "new-3", duplicateOf: "new-2" },
    ]);
    expect(duplicates.every((duplicate) => duplicate.similarity >= 0.85)).toBe(true);
    expect(workspace.size).toBe(5);
  });
});

describe("LSH candidate recall on a synthetic set", () => {
  const random = createSeededRandom("lsh-recall");
  const vocabulary = Array.from({ length: 3000 }, (_, i) => `word${i}`);
  const originals = Array.from({ length: 300 }, () => randomText(random, 250, vocabulary));
  // 150 near-duplicates: 1–2 % of the words replaced, which keeps true Jaccard around 0.9.
  const edits = originals
    .slice(0, 150)
    .map((text) => editWords(text, 0.01 + random() * 0.01, random));

  const index = new LshIndex();
  originals.forEach((text, i) => {
    index.add(`doc-${i}`, minhashSignature(text));
  });

  it("makes nearly every true near-duplicate a candidate and finds it", () => {
    let truePairs = 0;
    let candidates = 0;
    let found = 0;
    edits.forEach((text, i) => {
      const exact = jaccard(wordShingles(text, 3), wordShingles(originals[i] as string, 3));
      if (exact < 0.85) return;
      truePairs++;
      const signature = minhashSignature(text);
      if (index.candidates(signature).includes(`doc-${i}`)) candidates++;
      if (findNearDuplicate(signature, index, 0.8) === `doc-${i}`) found++;
    });
    expect(truePairs).toBeGreaterThan(100);
    expect(candidates / truePairs).toBeGreaterThanOrEqual(0.97);
    expect(found / truePairs).toBeGreaterThanOrEqual(0.95);
    expect(candidateProbability(0.85)).toBeGreaterThan(0.99);
  });

  it("keeps unrelated texts out of each other's candidates", () => {
    const unrelated = Array.from({ length: 100 }, () => randomText(random, 250, vocabulary));
    const falseCandidates = unrelated.reduce(
      (sum, text) => sum + index.candidates(minhashSignature(text)).length,
      0,
    );
    expect(falseCandidates).toBe(0);
  });
});

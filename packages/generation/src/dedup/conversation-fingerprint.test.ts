import { describe, expect, it } from "vitest";
import { conversationFingerprint, findNearDuplicateAmong } from "./conversation-fingerprint.ts";
import { LshIndex } from "./lsh-index.ts";
import { decodeSignature } from "./signature-encoding.ts";

const turns = (texts: string[]) => ({ turns: texts.map((content) => ({ content })) });
const original = turns([
  "I keep putting off opening my retirement statements because every time I look at them I feel like I have already failed.",
  "That is more common than you think, and it is not a verdict on you. What if we opened just one envelope together today?",
  "Okay. The statement says I have eleven thousand dollars and my employer puts in three percent if I put in three percent.",
  "That is real money you have been building, and the employer match means every dollar you add up to three percent is matched.",
]);
const retyped = turns(original.turns.map((turn) => turn.content.toUpperCase()));
const unrelated = turns([
  "We need to decide whether to lease or buy the delivery van for the bakery this spring.",
  "Let us compare the loan payments with the lease over five years, including insurance and upkeep.",
]);

describe("conversationFingerprint", () => {
  it("gives 16 signed 32-bit band keys that an LshIndex would bucket the same way", () => {
    const fingerprint = conversationFingerprint(original);
    expect(fingerprint.bandKeys).toHaveLength(16);
    for (const key of fingerprint.bandKeys) {
      expect(Number.isInteger(key)).toBe(true);
      expect(key).toBeGreaterThanOrEqual(-(2 ** 31));
      expect(key).toBeLessThan(2 ** 31);
    }
    const index = new LshIndex();
    index.add("original", decodeSignature(fingerprint.signature));
    expect(index.candidates(decodeSignature(conversationFingerprint(retyped).signature))).toEqual([
      "original",
    ]);
  });

  it("shares band keys with a near-duplicate and none with an unrelated conversation", () => {
    const keys = new Set(conversationFingerprint(original).bandKeys);
    expect(conversationFingerprint(retyped).bandKeys.some((key) => keys.has(key))).toBe(true);
    expect(conversationFingerprint(unrelated).bandKeys.some((key) => keys.has(key))).toBe(false);
  });

  it("gives a conversation without words no keys, so it is nobody's candidate", () => {
    expect(conversationFingerprint(turns(["...", "!"])).bandKeys).toEqual([]);
  });
});

describe("findNearDuplicateAmong", () => {
  it("picks the candidate above the threshold and ignores the rest", () => {
    const candidates = [
      { id: "unrelated", signature: conversationFingerprint(unrelated).signature },
      { id: "original", signature: conversationFingerprint(original).signature },
    ];
    const match = findNearDuplicateAmong(conversationFingerprint(retyped), candidates);
    expect(match).toEqual({ id: "original", similarity: 1 });
    expect(findNearDuplicateAmong(conversationFingerprint(unrelated), candidates.slice(1))).toBe(
      null,
    );
  });
});

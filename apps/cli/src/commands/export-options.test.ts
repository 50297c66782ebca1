import { AppError } from "@parley/generation";
import { describe, expect, it } from "vitest";
import { parseExportCommand } from "./export-options.ts";

const BATCH = "0b9e4d1c-8a1f-4c55-9a57-0f3d1f6f1a10";

function errorOf(args: string[], flags: Record<string, string | boolean>): string {
  try {
    parseExportCommand(args, flags);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).message;
  }
  throw new Error("expected the flags to be rejected");
}

describe("parley export flags", () => {
  it("lays out chat formats as asked: system prompt, weights, metadata, alternation", () => {
    const request = parseExportCommand([], {
      out: "f.jsonl",
      system: "fold",
      weights: "last",
      "no-metadata": true,
      "loose-alternation": true,
    });
    expect(request.options).toMatchObject({
      systemMode: "fold",
      assistantWeights: "last",
      includeMetadata: false,
      strictAlternation: false,
    });
    expect(errorOf([], { out: "f.jsonl", system: "merge" })).toBe(
      "--system: use include, fold or omit",
    );
    expect(errorOf([], { out: "f.jsonl", weights: "first" })).toBe(
      "--weights: use none, all or last",
    );
  });

  it("turns the full selection into stored filters and options", () => {
    const request = parseExportCommand([BATCH], {
      out: "ds",
      format: "sharegpt",
      status: "approved,pending_review",
      "include-archived": true,
      tier: "edge_case",
      "min-quality": "7.5",
      "max-quality": "10",
      since: "2026-11-01",
      until: "2026-12-01T12:00:00Z",
      "include-duplicates": true,
      split: "train=0.8,validation=0.1,test=0.1",
      seed: "42",
      package: "tar.gz",
      "push-to-hub": "acme/ei-100",
      public: true,
      persona: "anxious_saver,young_family",
    });
    expect(request).toEqual({
      format: "sharegpt",
      out: "ds",
      filters: {
        statuses: ["approved", "pending_review", "archived"],
        tiers: ["edge_case"],
        batchId: BATCH,
        minQuality: 7.5,
        maxQuality: 10,
        createdAfter: "2026-11-01T00:00:00.000Z",
        createdBefore: "2026-12-01T12:00:00.000Z",
        includeDuplicates: true,
      },
      options: {
        split: { ratios: { train: 0.8, validation: 0.1, test: 0.1 }, seed: "42" },
        package: "tar.gz",
        hub: { repo: "acme/ei-100", private: false },
      },
      keys: { personas: ["anxious_saver", "young_family"], arcs: [], topics: [] },
    });
  });

  it("defaults to messages over every live conversation, and a Hub push to private", () => {
    const plain = parseExportCommand([], { out: "a.jsonl" });
    expect(plain.format).toBe("messages");
    expect(plain.filters).toEqual({});
    expect(plain.options).toEqual({});
    expect(parseExportCommand([], { "push-to-hub": "acme/x" }).options.hub?.private).toBe(true);
  });

  it("rejects bad input with one line naming the flag", () => {
    const cases: Array<[string[], Record<string, string | boolean>, RegExp]> = [
      [[], {}, /--out FILE is required/],
      [["not-a-uuid"], { out: "x" }, /^--batch: must be a batch id/],
      [[], { out: "x", format: "xml" }, /^--format: use one of messages, sharegpt/],
      [[], { out: "x", status: "approved,done" }, /^--status: unknown value "done"/],
      [[], { out: "x", "min-quality": "eleven" }, /^--min-quality: must be a number/],
      [[], { out: "x", "min-quality": "8", "max-quality": "2" }, /^--min-quality: .*not be above/],
      [[], { out: "x", since: "2026-12-02", until: "2026-12-01" }, /^--since: .*before/],
      [[], { out: "x", split: "train=0.9,validation=0.2" }, /^--split: the ratios add up to/],
      [[], { out: "x", split: "train=0.9,holdout=0.1" }, /^--split: unknown split "holdout"/],
      [[], { out: "x", seed: "4" }, /^--seed only applies with --split/],
      [[], { out: "x", package: "rar" }, /^--package: use one of folder, zip, tar.gz/],
      [[], { "push-to-hub": "no-owner" }, /^--push-to-hub: Use owner\/name/],
      [[], { "push-to-hub": "a/b", private: true, public: true }, /contradict/],
      [
        [BATCH],
        { out: "x", batch: "8d7c0e3b-2f2a-4a1e-9a0b-1f2e3d4c5b6a" },
        /either as an argument/,
      ],
    ];
    for (const [args, flags, expected] of cases) {
      const message = errorOf(args, flags);
      expect(message, JSON.stringify(flags)).toMatch(expected);
      expect(message).not.toContain("\n");
    }
  });
});

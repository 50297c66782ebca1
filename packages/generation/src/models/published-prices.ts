// Anthropic's published prices per million tokens, looked up on the date below (not remembered):
// https://platform.claude.com/docs/en/about-claude/pricing and each model's overview page.
// Cache reads are no longer a flat tenth of input (Sonnet 5.5 and Opus 5.5: 0.05×, Fable 5.1:
// 0.025×), so every price is listed in full. Message Batches halve all of them.
import type { ModelPrice } from "../pricing/model-prices.ts";

export const PUBLISHED_PRICES_CHECKED_ON = "2026-12-06";
export const PUBLISHED_PRICES_SOURCE = "https://platform.claude.com/docs/en/about-claude/pricing";

type Row = [
  model: string,
  displayName: string,
  input: number,
  cacheWrite: number,
  cacheRead: number,
  output: number,
];

// Models the SDK knows that have no published price here stay unpriced on purpose: Claude
// Mythos 5.2 (limited availability, no price on the page) and Claude Mythos Preview (never had
// a public list price). Choosing one needs the "cost unknown" confirmation or an override.
const ROWS: Row[] = [
  ["claude-fable-5-2", "Claude Fable 5.2", 8, 10, 0.2, 40],
  // Haiku 5.5 is priced in two bands; this is the band for prompts up to 100,000 tokens, the
  // size of every Parley request (above it: $0.50 / $0.625 / $0.05 / $2.50).
  ["claude-haiku-5-5", "Claude Haiku 5.5", 0.1, 0.125, 0.01, 0.5],
  // Cache reads cut from $0.20 to $0.10 on 2026-10-07.
  ["claude-sonnet-5-5", "Claude Sonnet 5.5", 2, 2.5, 0.1, 10],
  ["claude-fable-5-1", "Claude Fable 5.1", 10, 12.5, 0.25, 50],
  ["claude-opus-5-5", "Claude Opus 5.5", 4, 5, 0.2, 20],
  ["claude-mythos-5-1", "Claude Mythos 5.1", 10, 12.5, 0.25, 50],
  ["claude-sonnet-5", "Claude Sonnet 5", 2, 2.5, 0.2, 10],
  ["claude-fable-5", "Claude Fable 5", 10, 12.5, 1, 50],
  ["claude-mythos-5", "Claude Mythos 5", 10, 12.5, 1, 50],
  ["claude-opus-5", "Claude Opus 5", 5, 6.25, 0.5, 25],
  ["claude-opus-4-8", "Claude Opus 4.8", 5, 6.25, 0.5, 25],
  ["claude-opus-4-7", "Claude Opus 4.7", 5, 6.25, 0.5, 25],
  ["claude-opus-4-6", "Claude Opus 4.6", 5, 6.25, 0.5, 25],
  ["claude-sonnet-4-6", "Claude Sonnet 4.6", 3, 3.75, 0.3, 15],
  ["claude-haiku-4-5", "Claude Haiku 4.5", 1, 1.25, 0.1, 5],
  ["claude-opus-4-5", "Claude Opus 4.5", 5, 6.25, 0.5, 25],
  ["claude-sonnet-4-5", "Claude Sonnet 4.5", 3, 3.75, 0.3, 15],
];

export const PUBLISHED_PRICES: readonly ModelPrice[] = ROWS.map(
  ([model, displayName, input, cacheWrite, cacheRead, output]) => ({
    model,
    displayName,
    inputPerMTok: input,
    outputPerMTok: output,
    cacheWritePerMTok: cacheWrite,
    cacheReadPerMTok: cacheRead,
    batchMultiplier: 0.5,
  }),
);

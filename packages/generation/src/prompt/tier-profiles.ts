// What a conversation of each tier typically costs and how long it is: the defaults the prompt
// builder (turn count, max_tokens) and the estimator (tokens per item) start from.
import type { Tier } from "../conversation-schema.ts";

export interface TierProfile {
  /** Prompt tokens of one request, system block included (the spec's per-tier figure). */
  expectedInputTokens: number;
  /** Tokens the model writes for one conversation, tool-call JSON included. */
  expectedOutputTokens: number;
  /**
   * The request's max_tokens: twice the expected output, so a long but valid conversation is
   * not cut off mid-JSON (a truncated tool call is a failed, paid-for generation).
   */
  maxTokens: number;
  /** Messages (user and assistant together) when the caller does not say; even, in the 4–10 band. */
  defaultTurnCount: number;
}

export const TIER_PROFILES: Readonly<Record<Tier, Readonly<TierProfile>>> = Object.freeze({
  template: {
    expectedInputTokens: 2000,
    expectedOutputTokens: 3000,
    maxTokens: 6000,
    defaultTurnCount: 6,
  },
  scenario: {
    expectedInputTokens: 2500,
    expectedOutputTokens: 4000,
    maxTokens: 8000,
    defaultTurnCount: 8,
  },
  edge_case: {
    expectedInputTokens: 3000,
    expectedOutputTokens: 5000,
    maxTokens: 10000,
    defaultTurnCount: 8,
  },
});

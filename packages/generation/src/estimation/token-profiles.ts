// Tokens and latency expected per conversation of each tier: the built-in tier profiles, replaced
// per tier by the averages of past generations once that tier has enough of them.
import { TIERS, type Tier } from "../conversation-schema.ts";
import { TIER_PROFILES } from "../prompt/tier-profiles.ts";

export interface TokenProfile {
  /** Prompt tokens per request, the cacheable system block included. */
  inputTokens: number;
  outputTokens: number;
}

/** Averages over a tier's past generations (from generation logs). */
export interface LearnedProfile {
  /** Average prompt tokens: uncached input + cache writes + cache reads. */
  averageInputTokens: number;
  averageOutputTokens: number;
  sampleCount: number;
  /** Average call duration, when the history records it. */
  averageLatencyMs?: number;
}

export type ProfileSource = "default" | "override" | "learned";

export interface ResolvedTokenProfile extends TokenProfile {
  source: ProfileSource;
  /** Samples behind a learned profile; 0 otherwise. */
  sampleCount: number;
  /** max_tokens of the requests (reserved against the output-token limit while in flight). */
  maxTokens: number;
  /** Learned latency, when known; the caller's latency is used otherwise. */
  latencyMs?: number;
}

export const DEFAULT_LEARNED_SAMPLE_THRESHOLD = 10;

export interface ResolveProfilesInput {
  /** Replace the built-in defaults for some tiers. */
  tokenProfiles?: Partial<Record<Tier, TokenProfile>>;
  learnedProfiles?: Partial<Record<Tier, LearnedProfile>>;
  /** Samples a tier needs before its history replaces the default; 10 unless given. */
  learnedSampleThreshold?: number;
  maxTokens?: Partial<Record<Tier, number>>;
}

/** Precedence per tier: history with enough samples, else the caller's profile, else the default. */
export function resolveTokenProfiles(
  input: ResolveProfilesInput = {},
): Record<Tier, ResolvedTokenProfile> {
  const threshold = input.learnedSampleThreshold ?? DEFAULT_LEARNED_SAMPLE_THRESHOLD;
  const resolve = (tier: Tier): ResolvedTokenProfile => {
    const maxTokens = input.maxTokens?.[tier] ?? TIER_PROFILES[tier].maxTokens;
    const learned = input.learnedProfiles?.[tier];
    if (learned && learned.sampleCount >= threshold) {
      const profile: ResolvedTokenProfile = {
        inputTokens: learned.averageInputTokens,
        outputTokens: learned.averageOutputTokens,
        source: "learned",
        sampleCount: learned.sampleCount,
        maxTokens,
      };
      if (learned.averageLatencyMs !== undefined) profile.latencyMs = learned.averageLatencyMs;
      return profile;
    }
    const override = input.tokenProfiles?.[tier];
    if (override) return { ...override, source: "override", sampleCount: 0, maxTokens };
    return {
      inputTokens: TIER_PROFILES[tier].expectedInputTokens,
      outputTokens: TIER_PROFILES[tier].expectedOutputTokens,
      source: "default",
      sampleCount: 0,
      maxTokens,
    };
  };
  return Object.fromEntries(TIERS.map((tier) => [tier, resolve(tier)])) as Record<
    Tier,
    ResolvedTokenProfile
  >;
}

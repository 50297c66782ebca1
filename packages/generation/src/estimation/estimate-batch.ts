// Estimates a batch before it is launched: tokens, cost and wall time per tier and in total, and
// what Message Batches and prompt caching save. Prices come from the one table in pricing/.
//
// Prompt caching model: the static system block (consultant + rules, and the tool definition,
// which precedes it in the cached prefix) is the cacheable prefix of every request. In real
// time, the first wave of requests (one per concurrent slot) starts before any cache exists and
// writes it (1.25×); every later request reads it (0.1×). Message Batches process requests in
// parallel with best-effort caching; Anthropic reports 30–98 % hit rates, so the default assumes
// the low end (misses write the cache). A prefix shorter than the model's caching minimum is not
// cached at all. Cache writes are attributed to the tiers whose requests run first.
//
// The LLM judge, when on, is one more call per conversation, always made in real time (in
// Message Batches mode once the batch's results are in): its own line, added to the total.
import { TIERS, type Tier } from "../conversation-schema.ts";
import { computeCostUsd } from "../pricing/compute-cost.ts";
import { findModelPrice, MODEL_PRICES, type ModelPrice } from "../pricing/model-prices.ts";
import type { TokenUsage } from "../pricing/token-usage.ts";
import {
  type DurationEstimate,
  estimateRealtimeDuration,
  type RateLimits,
  type TierWorkload,
  type TimeBound,
} from "./batch-duration.ts";
import { EstimationError } from "./estimation-error.ts";
import { minimumCacheableTokens } from "./prompt-cache-minimums.ts";
import { meanSimulatedLatencyMs } from "./simulated-latency.ts";
import {
  type LearnedProfile,
  type ResolvedTokenProfile,
  resolveTokenProfiles,
  type TokenProfile,
} from "./token-profiles.ts";

export type ProviderMode = "realtime" | "message_batches";

/** Message Batches: most finish within an hour; Anthropic's hard limit is 24 hours. */
export const MESSAGE_BATCH_TYPICAL_SECONDS = 3600;
export const MESSAGE_BATCH_MAX_SECONDS = 24 * 3600;
export const DEFAULT_MESSAGE_BATCH_CACHE_HIT_RATE = 0.3;

/**
 * A judge call's prompt: the rubric, the brief and the tool schema (about 1,200 tokens), plus
 * the transcript, which its JSON wrapping makes about 1.2 times the conversation's output.
 */
export const JUDGE_PROMPT_OVERHEAD_TOKENS = 1_200;
export const JUDGE_TRANSCRIPT_FACTOR = 1.2;
/** Five scores with their reasons, a summary and the issues. */
export const JUDGE_OUTPUT_TOKENS = 400;
/** buildJudgeRequest's max_tokens. */
export const JUDGE_MAX_TOKENS = 2_000;

export interface EstimateBatchInput {
  /** A plan (its items' tiers are counted) or per-tier counts; exactly one of the two. */
  plan?: { items: readonly { tier: Tier }[] };
  tierCounts?: Partial<Record<Tier, number>>;
  model: string;
  /**
   * The model's price (an override, from the catalogue); the published price when unset; null
   * when the user confirmed the cost is unknown: token counts stay, costs are 0 and costKnown
   * is false, and a warning says so.
   */
  price?: ModelPrice | null;
  /** Requests in flight at once in real-time mode. */
  concurrency: number;
  mode: ProviderMode;
  promptCaching: boolean;
  /** Tokens of the cacheable prefix (system block + tool definition); 0 when unknown. */
  staticSystemTokens?: number;
  /** Duration of one call, for all tiers or per tier; learned latencies take precedence. */
  latencyMs: number | Partial<Record<Tier, number>>;
  rateLimits?: RateLimits;
  /** Replace the built-in tier profiles (2000/3000, 2500/4000, 3000/5000 tokens). */
  tokenProfiles?: Partial<Record<Tier, TokenProfile>>;
  /** History per tier; replaces the profile once it has learnedSampleThreshold samples. */
  learnedProfiles?: Partial<Record<Tier, LearnedProfile>>;
  learnedSampleThreshold?: number;
  /** max_tokens per tier, when not the tier profile's. */
  maxTokens?: Partial<Record<Tier, number>>;
  messageBatchSeconds?: number;
  messageBatchCacheHitRate?: number;
  /** Whether each conversation is also scored by the LLM judge (a real-time call). */
  llmJudge?: boolean;
  /** Tokens one judgement writes; JUDGE_OUTPUT_TOKENS unless given (the simulator's are shorter). */
  judgeOutputTokens?: number;
  /**
   * The simulated server's configured latency (PARLEY_SIM_LATENCY_MS): every call then takes
   * the simulator's mean for its output length, whatever latency is given or learned.
   */
  simulatorLatencyMs?: number;
}

export interface TokenTotals {
  /** All prompt tokens: uncached + cache writes + cache reads. */
  inputTokens: number;
  uncachedInputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  outputTokens: number;
}

export interface TierEstimate extends TokenTotals {
  tier: Tier;
  count: number;
  profile: ResolvedTokenProfile;
  latencyMs: number;
  costUsd: number;
  /** If every request wrote its full max_tokens: a ceiling for budget caps. */
  upperBoundCostUsd: number;
  /** Wall time of this tier on its own. */
  seconds: number;
}

/** The LLM judge's calls, one per conversation, priced at the real-time rate in either mode. */
export interface JudgeEstimate extends TokenTotals {
  count: number;
  latencyMs: number;
  costUsd: number;
  upperBoundCostUsd: number;
  /** Wall time of the judge calls on their own. */
  seconds: number;
}

export interface BatchEstimate {
  model: string;
  /** False when the model has no known price: every cost below is 0 and means "unknown". */
  costKnown: boolean;
  mode: ProviderMode;
  promptCaching: boolean;
  /** False when caching was asked for but the prefix is too short (or empty) to be cached. */
  promptCachingEffective: boolean;
  /** All three tiers, in tier order, zeros for tiers not in the batch. */
  tiers: TierEstimate[];
  /** The LLM judge's line; null when the judge is off. Included in the total. */
  judge: JudgeEstimate | null;
  total: TokenTotals & { count: number; costUsd: number; upperBoundCostUsd: number };
  time: DurationEstimate & { upperBoundSeconds?: number };
  /** The same batch in each mode, with the chosen caching setting. */
  comparison: {
    realtime: { costUsd: number; seconds: number; binding: TimeBound };
    messageBatches: { costUsd: number; seconds: number; upperBoundSeconds: number };
  };
  savings: {
    /** Real-time cost minus Message Batches cost (what batches save, or saved). */
    messageBatchesUsd: number;
    /** Cost without caching minus cost with it, in the chosen mode. */
    promptCachingUsd: number;
  };
  warnings: string[];
}

const NO_PRICE: ModelPrice = {
  model: "unknown",
  displayName: "unknown",
  inputPerMTok: 0,
  outputPerMTok: 0,
  cacheWritePerMTok: 0,
  cacheReadPerMTok: 0,
  batchMultiplier: 1,
};

function costOf(
  input: EstimateBatchInput,
  usage: Parameters<typeof computeCostUsd>[1],
  options: { batch?: boolean } = {},
): number {
  return computeCostUsd(input.model, usage, { ...options, price: input.price ?? NO_PRICE });
}

export function estimateBatch(request: EstimateBatchInput): BatchEstimate {
  const counts = resolveCounts(request);
  validate(request);
  const price =
    request.price === undefined ? (findModelPrice(request.model) ?? null) : request.price;
  const input: EstimateBatchInput = { ...request, price };
  const profiles = resolveTokenProfiles(input);
  const tierOrder = runOrder(input);
  const warnings: string[] = [];

  const staticTokens = input.staticSystemTokens ?? 0;
  const minimum = minimumCacheableTokens(input.model);
  const cacheable = staticTokens >= minimum;
  if (input.promptCaching && staticTokens > 0 && !cacheable) {
    warnings.push(
      `The static system block (${staticTokens} tokens) is shorter than ${input.model}'s ${minimum}-token caching minimum, so it will not be cached`,
    );
  }
  for (const tier of TIERS) {
    if (
      input.promptCaching &&
      cacheable &&
      counts[tier] > 0 &&
      staticTokens > profiles[tier].inputTokens
    ) {
      warnings.push(
        `The static system block (${staticTokens} tokens) is larger than a whole ${tier} prompt (${profiles[tier].inputTokens} tokens); check the token profile`,
      );
    }
  }
  if (input.mode === "message_batches") {
    warnings.push("Message Batches usually finish within an hour but may take up to 24 hours");
  }

  const simulated = input.simulatorLatencyMs;
  const latencyOf = (tier: Tier): number => {
    if (simulated !== undefined)
      return meanSimulatedLatencyMs(simulated, profiles[tier].outputTokens);
    const learned = profiles[tier].latencyMs;
    if (learned !== undefined) return learned;
    const latency = typeof input.latencyMs === "number" ? input.latencyMs : input.latencyMs[tier];
    if (latency === undefined || !(latency > 0)) {
      throw new EstimationError(`Give a latency for the ${tier} tier (milliseconds per call)`);
    }
    return latency;
  };
  const latencies = Object.fromEntries(
    TIERS.map((tier) => [tier, counts[tier] > 0 ? latencyOf(tier) : 0]),
  ) as Record<Tier, number>;

  const context: ScenarioContext = {
    input,
    counts,
    profiles,
    latencies,
    tierOrder,
    staticTokens,
    cacheable,
  };
  const chosen = runScenario(context, input.mode, input.promptCaching);
  const realtime = runScenario(context, "realtime", input.promptCaching);
  const batches = runScenario(context, "message_batches", input.promptCaching);
  const withoutCaching = runScenario(context, input.mode, false);
  const withCaching = runScenario(context, input.mode, true);

  if (!price) {
    warnings.unshift(
      `Cost unknown: no price is known for ${input.model}, so the costs shown are $0 and mean "unknown", and a budget cap cannot stop the batch`,
    );
  }
  return {
    model: input.model,
    costKnown: price !== null,
    mode: input.mode,
    promptCaching: input.promptCaching,
    promptCachingEffective: input.promptCaching && cacheable,
    tiers: chosen.tiers,
    judge: chosen.judge,
    total: chosen.total,
    time: chosen.time,
    comparison: {
      realtime: {
        costUsd: realtime.total.costUsd,
        seconds: realtime.time.seconds,
        binding: realtime.time.binding,
      },
      messageBatches: {
        costUsd: batches.total.costUsd,
        seconds: batches.time.seconds,
        upperBoundSeconds: MESSAGE_BATCH_MAX_SECONDS,
      },
    },
    savings: {
      messageBatchesUsd: realtime.total.costUsd - batches.total.costUsd,
      promptCachingUsd: withoutCaching.total.costUsd - withCaching.total.costUsd,
    },
    warnings,
  };
}

interface ScenarioContext {
  input: EstimateBatchInput;
  counts: Record<Tier, number>;
  profiles: Record<Tier, ResolvedTokenProfile>;
  latencies: Record<Tier, number>;
  tierOrder: Tier[];
  staticTokens: number;
  cacheable: boolean;
}

function runScenario(context: ScenarioContext, mode: ProviderMode, caching: boolean) {
  const { input, counts, profiles, latencies, staticTokens } = context;
  const batch = mode === "message_batches";
  const total = TIERS.reduce((sum, tier) => sum + counts[tier], 0);
  const cachingOn = caching && context.cacheable;

  // Requests that find no cache and write it; see the header comment.
  let writesLeft = 0;
  if (cachingOn && total > 0) {
    if (batch) {
      const hitRate = input.messageBatchCacheHitRate ?? DEFAULT_MESSAGE_BATCH_CACHE_HIT_RATE;
      writesLeft = Math.max(1, total - Math.round(total * hitRate));
    } else {
      writesLeft = Math.min(input.concurrency, total);
    }
  }

  const byTier = new Map<Tier, TierEstimate>();
  const workloads = new Map<Tier, TierWorkload>();
  for (const tier of context.tierOrder) {
    const count = counts[tier];
    const profile = profiles[tier];
    const writes = Math.min(writesLeft, count);
    writesLeft -= writes;
    const prefix = cachingOn ? Math.min(staticTokens, profile.inputTokens) : 0;
    const usage: TokenUsage = {
      inputTokens: count * (profile.inputTokens - prefix),
      cacheCreationInputTokens: writes * prefix,
      cacheReadInputTokens: (count - writes) * prefix,
      outputTokens: count * profile.outputTokens,
    };
    const workload: TierWorkload = {
      count,
      latencyMs: latencies[tier],
      rateLimitedInputTokens: usage.inputTokens + usage.cacheCreationInputTokens,
      outputTokens: usage.outputTokens,
      maxTokens: profile.maxTokens,
    };
    workloads.set(tier, workload);
    byTier.set(tier, {
      tier,
      count,
      profile,
      latencyMs: latencies[tier],
      inputTokens: count * profile.inputTokens,
      uncachedInputTokens: usage.inputTokens,
      cacheWriteTokens: usage.cacheCreationInputTokens,
      cacheReadTokens: usage.cacheReadInputTokens,
      outputTokens: usage.outputTokens,
      costUsd: costOf(input, usage, { batch }),
      upperBoundCostUsd: costOf(
        input,
        { ...usage, outputTokens: count * profile.maxTokens },
        { batch },
      ),
      seconds: duration(context, mode, [workload]).seconds,
    });
  }

  const tiers = TIERS.map((tier) => byTier.get(tier) as TierEstimate);
  const judged = input.llmJudge ? judgeLine(context, total) : null;
  const lines: (TokenTotals & { costUsd: number; upperBoundCostUsd: number })[] = [
    ...tiers,
    ...(judged ? [judged.estimate] : []),
  ];
  const sum = (pick: (line: (typeof lines)[number]) => number) =>
    lines.reduce((acc, line) => acc + pick(line), 0);
  const generation = duration(context, mode, [...workloads.values()]);
  return {
    tiers,
    judge: judged?.estimate ?? null,
    total: {
      count: total,
      inputTokens: sum((line) => line.inputTokens),
      uncachedInputTokens: sum((line) => line.uncachedInputTokens),
      cacheWriteTokens: sum((line) => line.cacheWriteTokens),
      cacheReadTokens: sum((line) => line.cacheReadTokens),
      outputTokens: sum((line) => line.outputTokens),
      costUsd: sum((line) => line.costUsd),
      upperBoundCostUsd: sum((line) => line.upperBoundCostUsd),
    },
    time: !judged
      ? generation
      : mode === "realtime"
        ? // Each slot judges its conversation before taking the next item.
          duration(context, mode, [...workloads.values(), judged.workload])
        : // The judge calls start once the Message Batch's results are in.
          { ...generation, seconds: generation.seconds + judged.estimate.seconds },
  };
}

/** One judge call per conversation: the transcript in, the judgement out, no caching. */
function judgeLine(
  context: ScenarioContext,
  total: number,
): { estimate: JudgeEstimate; workload: TierWorkload } {
  const { input, counts, profiles, latencies } = context;
  const promptFor = (conversationTokens: number) =>
    Math.round(JUDGE_PROMPT_OVERHEAD_TOKENS + JUDGE_TRANSCRIPT_FACTOR * conversationTokens);
  let inputTokens = 0;
  let upperBoundInputTokens = 0;
  let generationOutput = 0;
  let generationSeconds = 0;
  for (const tier of TIERS) {
    inputTokens += counts[tier] * promptFor(profiles[tier].outputTokens);
    upperBoundInputTokens += counts[tier] * promptFor(profiles[tier].maxTokens);
    generationOutput += counts[tier] * profiles[tier].outputTokens;
    generationSeconds += (counts[tier] * latencies[tier]) / 1000;
  }
  const judgeOutput = input.judgeOutputTokens ?? JUDGE_OUTPUT_TOKENS;
  const outputTokens = total * judgeOutput;
  // A call's time is mostly its writing: the judge's short answer takes the generations' time
  // per output token (or the simulator's own latency model).
  const latencyMs =
    total === 0
      ? 0
      : input.simulatorLatencyMs !== undefined
        ? meanSimulatedLatencyMs(input.simulatorLatencyMs, judgeOutput)
        : generationOutput > 0
          ? (generationSeconds * 1000 * judgeOutput) / generationOutput
          : 0;
  const usage: TokenUsage = {
    inputTokens,
    cacheCreationInputTokens: 0,
    cacheReadInputTokens: 0,
    outputTokens,
  };
  const workload: TierWorkload = {
    count: total,
    latencyMs,
    rateLimitedInputTokens: inputTokens,
    outputTokens,
    maxTokens: JUDGE_MAX_TOKENS,
  };
  return {
    workload,
    estimate: {
      count: total,
      latencyMs,
      inputTokens,
      uncachedInputTokens: inputTokens,
      cacheWriteTokens: 0,
      cacheReadTokens: 0,
      outputTokens,
      costUsd: costOf(input, usage),
      upperBoundCostUsd: costOf(input, {
        ...usage,
        inputTokens: upperBoundInputTokens,
        outputTokens: total * JUDGE_MAX_TOKENS,
      }),
      seconds: estimateRealtimeDuration([workload], input.concurrency, input.rateLimits).seconds,
    },
  };
}

function duration(
  context: ScenarioContext,
  mode: ProviderMode,
  workloads: TierWorkload[],
): DurationEstimate & { upperBoundSeconds?: number } {
  if (mode === "message_batches") {
    const any = workloads.some((workload) => workload.count > 0);
    const seconds = any ? (context.input.messageBatchSeconds ?? MESSAGE_BATCH_TYPICAL_SECONDS) : 0;
    return {
      seconds,
      binding: "batch_turnaround",
      bounds: { batch_turnaround: seconds },
      upperBoundSeconds: any ? MESSAGE_BATCH_MAX_SECONDS : 0,
    };
  }
  return estimateRealtimeDuration(workloads, context.input.concurrency, context.input.rateLimits);
}

function resolveCounts(input: EstimateBatchInput): Record<Tier, number> {
  if (input.plan && input.tierCounts)
    throw new EstimationError("Give either a plan or tier counts, not both");
  if (input.plan) {
    const counts = { template: 0, scenario: 0, edge_case: 0 };
    for (const item of input.plan.items) counts[item.tier]++;
    return counts;
  }
  if (!input.tierCounts)
    throw new EstimationError("Give a plan or the number of conversations per tier");
  const counts = Object.fromEntries(
    TIERS.map((tier) => [tier, input.tierCounts?.[tier] ?? 0]),
  ) as Record<Tier, number>;
  for (const tier of TIERS) {
    if (!Number.isInteger(counts[tier]) || counts[tier] < 0) {
      throw new EstimationError(
        `The ${tier} count must be a whole number of at least 0 (got ${counts[tier]})`,
      );
    }
  }
  return counts;
}

/** Tiers in the order their first request runs: plan order, else tier order. */
function runOrder(input: EstimateBatchInput): Tier[] {
  const order = new Set<Tier>(input.plan?.items.map((item) => item.tier) ?? []);
  for (const tier of TIERS) order.add(tier);
  return [...order];
}

function validate(input: EstimateBatchInput): void {
  if (input.price === undefined && !findModelPrice(input.model)) {
    throw new EstimationError(
      `No price is known for model "${input.model}". Known models: ${MODEL_PRICES.map((price) => price.model).join(", ")}`,
    );
  }
  if (!Number.isInteger(input.concurrency) || input.concurrency < 1) {
    throw new EstimationError(
      `Concurrency must be a whole number of at least 1 (got ${input.concurrency})`,
    );
  }
  for (const [name, value] of Object.entries(input.rateLimits ?? {})) {
    if (value !== undefined && !(value > 0)) {
      throw new EstimationError(`The ${name} rate limit must be positive (got ${value})`);
    }
  }
  const hitRate = input.messageBatchCacheHitRate;
  if (hitRate !== undefined && !(hitRate >= 0 && hitRate <= 1)) {
    throw new EstimationError(
      `The Message Batches cache hit rate must be between 0 and 1 (got ${hitRate})`,
    );
  }
}

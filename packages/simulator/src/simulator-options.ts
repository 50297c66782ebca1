// What the simulated Anthropic server can be told: limits, latency, injected faults and seeds,
// programmatically or from PARLEY_SIM_* environment variables.
import { z } from "zod";
import { FLAW_KINDS, type FlawRates } from "./conversation-flaws.ts";

// "400" is the one non-retryable fault (an invalid request), for testing what stops a batch;
// it is last so seeded runs that do not use it draw exactly as before.
export const FAULT_KINDS = ["429", "529", "500", "malformed", "timeout", "400"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
/** A scripted outcome for one call: a fault, or "none" for a normal answer. */
export type ScriptedFault = FaultKind | "none";

/** Share of calls (0..1) that fail each way. */
export type FaultRates = Partial<Record<FaultKind, number>>;

export interface SimulatorOptions {
  /** Port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  requestsPerMinute?: number;
  /** The organisation's buckets start empty (benchmarks of the steady rate); default full. */
  startEmpty?: boolean;
  inputTokensPerMinute?: number;
  outputTokensPerMinute?: number;
  /** Mean latency of a call producing ~1,000 output tokens; scales with output size. 0 = instant. */
  latencyMs?: number;
  faults?: FaultRates;
  /** Share of conversations (0..1) written with each kind of flaw (conversation-flaws.ts); none unless given. */
  flaws?: FlawRates;
  /** Seeds the fault, latency and id draws, so a run can be replayed. */
  seed?: number;
  /** How long a Message Batch stays in_progress before it ends. */
  batchDelayMs?: number;
  /** retry-after (seconds) sent with an injected 429 fault. */
  faultRetryAfterSeconds?: number;
  /**
   * The smallest prefix (tokens) the prompt cache will store. Defaults to each model's real
   * minimum (1,024 for Sonnet 4.5; 4,096 for Opus 4.5 and Haiku 4.5).
   */
  minCacheableTokens?: number;
  /** Time source for caches, buckets and batches (tests). */
  now?: () => number;
}

export const SIMULATOR_DEFAULTS = {
  requestsPerMinute: 4_000,
  inputTokensPerMinute: 2_000_000,
  outputTokensPerMinute: 400_000,
  latencyMs: 0,
  batchDelayMs: 2_000,
  faultRetryAfterSeconds: 1,
} as const;

export class SimulatorConfigError extends Error {
  readonly code = "invalid_simulator_config";

  constructor(message: string) {
    super(message);
    this.name = "SimulatorConfigError";
  }
}

/** Parses `429=0.2,529=0.05,malformed=0.02`; the shares must add up to at most 1. */
export function parseFaultRates(spec: string): FaultRates {
  const rates: FaultRates = {};
  for (const part of spec
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [kind, value, ...rest] = part.split("=").map((p) => p.trim());
    if (!kind || value === undefined || rest.length > 0) {
      throw new SimulatorConfigError(
        `PARLEY_SIM_FAULTS: "${part}" is not kind=share (e.g. 429=0.2,malformed=0.05).`,
      );
    }
    if (!(FAULT_KINDS as readonly string[]).includes(kind)) {
      throw new SimulatorConfigError(
        `PARLEY_SIM_FAULTS: unknown fault "${kind}"; expected one of ${FAULT_KINDS.join(", ")}.`,
      );
    }
    const share = Number(value);
    if (!Number.isFinite(share) || share < 0 || share > 1) {
      throw new SimulatorConfigError(
        `PARLEY_SIM_FAULTS: the share for ${kind} must be a number from 0 to 1, got "${value}".`,
      );
    }
    rates[kind as FaultKind] = share;
  }
  const total = Object.values(rates).reduce((sum, share) => sum + share, 0);
  if (total > 1 + 1e-9) {
    throw new SimulatorConfigError(
      `PARLEY_SIM_FAULTS: the shares add up to ${total}, more than 1.`,
    );
  }
  return rates;
}

const flawRatesSchema = z
  .partialRecord(
    z.enum(FLAW_KINDS, { error: (issue) => `unknown flaw "${String(issue.input)}"` }),
    z
      .number({ error: "a share must be a number" })
      .min(0, "a share must be from 0 to 1")
      .max(1, "a share must be from 0 to 1"),
  )
  .refine(
    (rates) => Object.values(rates).reduce((sum, share) => sum + (share ?? 0), 0) <= 1 + 1e-9,
    {
      message: "the shares add up to more than 1",
    },
  );

/**
 * Parses PARLEY_SIM_FLAWS (`personaSlip=0.04,flatArc=0.04`); "0" or "none" writes no flaws.
 * Kinds left out get no flaws.
 */
export function parseFlawRates(spec: string): FlawRates {
  const text = spec.trim();
  if (text === "0" || text.toLowerCase() === "none") return {};
  const example = `e.g. personaSlip=0.04,flatArc=0.04 (kinds: ${FLAW_KINDS.join(", ")}), or 0 for none`;
  const entries: Array<[string, number]> = [];
  for (const part of text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [kind, value, ...rest] = part.split("=").map((p) => p.trim());
    if (!kind || !value || rest.length > 0) {
      throw new SimulatorConfigError(`PARLEY_SIM_FLAWS: "${part}" is not kind=share (${example}).`);
    }
    if (!(FLAW_KINDS as readonly string[]).includes(kind)) {
      throw new SimulatorConfigError(`PARLEY_SIM_FLAWS: unknown flaw "${kind}" (${example}).`);
    }
    entries.push([kind, Number(value)]);
  }
  const parsed = flawRatesSchema.safeParse(Object.fromEntries(entries));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) =>
      issue.path.length > 0 ? `${String(issue.path[0])}: ${issue.message}` : issue.message,
    );
    throw new SimulatorConfigError(`PARLEY_SIM_FLAWS: ${problems.join("; ")} (${example}).`);
  }
  return parsed.data as FlawRates;
}

const positiveInt = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .positive(`${name} must be above 0`)
    .optional();
const nonNegativeInt = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(0, `${name} must not be negative`)
    .optional();

const envSchema = z.object({
  PARLEY_SIM_PORT: nonNegativeInt("PARLEY_SIM_PORT"),
  PARLEY_SIM_RPM: positiveInt("PARLEY_SIM_RPM"),
  PARLEY_SIM_ITPM: positiveInt("PARLEY_SIM_ITPM"),
  PARLEY_SIM_OTPM: positiveInt("PARLEY_SIM_OTPM"),
  PARLEY_SIM_LATENCY_MS: nonNegativeInt("PARLEY_SIM_LATENCY_MS"),
  PARLEY_SIM_BATCH_DELAY_MS: nonNegativeInt("PARLEY_SIM_BATCH_DELAY_MS"),
  PARLEY_SIM_SEED: z.coerce.number({ error: "PARLEY_SIM_SEED must be a number" }).int().optional(),
  PARLEY_SIM_FAULTS: z.string().optional(),
  PARLEY_SIM_FLAWS: z.string().optional(),
});

/** Reads PARLEY_SIM_*; blank values count as unset. Throws SimulatorConfigError on bad values. */
export function simulatorOptionsFromEnv(env: Record<string, string | undefined>): SimulatorOptions {
  const present = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key.startsWith("PARLEY_SIM_") && value?.trim()),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new SimulatorConfigError(parsed.error.issues.map((issue) => issue.message).join("; "));
  }
  const e = parsed.data;
  const options: SimulatorOptions = {};
  if (e.PARLEY_SIM_PORT !== undefined) options.port = e.PARLEY_SIM_PORT;
  if (e.PARLEY_SIM_RPM !== undefined) options.requestsPerMinute = e.PARLEY_SIM_RPM;
  if (e.PARLEY_SIM_ITPM !== undefined) options.inputTokensPerMinute = e.PARLEY_SIM_ITPM;
  if (e.PARLEY_SIM_OTPM !== undefined) options.outputTokensPerMinute = e.PARLEY_SIM_OTPM;
  if (e.PARLEY_SIM_LATENCY_MS !== undefined) options.latencyMs = e.PARLEY_SIM_LATENCY_MS;
  if (e.PARLEY_SIM_BATCH_DELAY_MS !== undefined) options.batchDelayMs = e.PARLEY_SIM_BATCH_DELAY_MS;
  if (e.PARLEY_SIM_SEED !== undefined) options.seed = e.PARLEY_SIM_SEED;
  if (e.PARLEY_SIM_FAULTS !== undefined) options.faults = parseFaultRates(e.PARLEY_SIM_FAULTS);
  if (e.PARLEY_SIM_FLAWS !== undefined) options.flaws = parseFlawRates(e.PARLEY_SIM_FLAWS);
  return options;
}

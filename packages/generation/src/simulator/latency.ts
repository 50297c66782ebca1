// How long a simulated call takes: log-normal around a mean that grows with the answer's
// length (30% fixed cost, 70% proportional to output, relative to a 1,000-token answer).
import type { Random } from "./seeded-random.ts";

const SIGMA = 0.4;
const REFERENCE_OUTPUT_TOKENS = 1_000;

/** The mean a call writing `outputTokens` takes, for a configured latency (estimates use it). */
export function meanSimulatedLatencyMs(latencyMs: number, outputTokens: number): number {
  if (latencyMs <= 0) return 0;
  return latencyMs * (0.3 + (0.7 * outputTokens) / REFERENCE_OUTPUT_TOKENS);
}

export function sampleLatencyMs(meanMs: number, outputTokens: number, random: Random): number {
  if (meanMs <= 0) return 0;
  const mean = meanSimulatedLatencyMs(meanMs, outputTokens);
  // exp(σZ − σ²/2) has mean 1, so the average latency stays at `mean`.
  return Math.round(mean * Math.exp(SIGMA * random.normal() - (SIGMA * SIGMA) / 2));
}

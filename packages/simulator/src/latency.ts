// How long a simulated call takes: log-normal around the mean of generation's latency model,
// which grows with the answer's length (the estimator plans with the same mean).
import { meanSimulatedLatencyMs } from "@parley/generation";
import type { Random } from "./seeded-random.ts";

const SIGMA = 0.4;

export function sampleLatencyMs(meanMs: number, outputTokens: number, random: Random): number {
  if (meanMs <= 0) return 0;
  const mean = meanSimulatedLatencyMs(meanMs, outputTokens);
  // exp(σZ − σ²/2) has mean 1, so the average latency stays at `mean`.
  return Math.round(mean * Math.exp(SIGMA * random.normal() - (SIGMA * SIGMA) / 2));
}

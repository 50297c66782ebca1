// The simulated server's latency model, as far as estimates need it: the mean a call takes grows
// with the answer's length (30% fixed cost, 70% proportional to output, per 1,000-token answer).
// The simulator (@parley/simulator) samples around this mean; the estimator plans with it.

const REFERENCE_OUTPUT_TOKENS = 1_000;

/** The mean a call writing `outputTokens` takes, for a configured latency (estimates use it). */
export function meanSimulatedLatencyMs(latencyMs: number, outputTokens: number): number {
  if (latencyMs <= 0) return 0;
  return latencyMs * (0.3 + (0.7 * outputTokens) / REFERENCE_OUTPUT_TOKENS);
}

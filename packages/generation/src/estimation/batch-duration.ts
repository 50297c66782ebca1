// Wall-clock time of a batch run in real time: concurrency × latency, bounded by the provider's
// per-minute limits on requests, input tokens and output tokens; whichever takes longest binds.
//
// The limits are token buckets that start full (Anthropic refills continuously up to one
// minute's worth), so only demand beyond the first minute's allowance waits for refill; the last
// request admitted still takes one latency to finish. The output-token bucket is also charged
// each request's max_tokens while it runs (refunded at the end), which caps how many can be in
// flight at once: floor(output limit / max_tokens).

export type TimeBound =
  | "concurrency"
  | "requests_per_minute"
  | "input_tokens_per_minute"
  | "output_tokens_per_minute"
  | "batch_turnaround";

export interface RateLimits {
  requestsPerMinute?: number;
  /** Counts uncached input and cache writes; cache reads do not count. */
  inputTokensPerMinute?: number;
  outputTokensPerMinute?: number;
}

export interface TierWorkload {
  count: number;
  latencyMs: number;
  /** Total input tokens of the tier's requests that count against the input limit. */
  rateLimitedInputTokens: number;
  /** Total output tokens of the tier's requests. */
  outputTokens: number;
  /** max_tokens of each request. */
  maxTokens: number;
}

export interface DurationEstimate {
  seconds: number;
  /** The constraint that makes the run take `seconds`. */
  binding: TimeBound;
  /** Seconds each constraint alone would need. */
  bounds: Partial<Record<TimeBound, number>>;
}

export function estimateRealtimeDuration(
  workloads: readonly TierWorkload[],
  concurrency: number,
  limits: RateLimits = {},
): DurationEstimate {
  const active = workloads.filter((workload) => workload.count > 0);
  const requests = active.reduce((sum, workload) => sum + workload.count, 0);
  if (requests === 0) return { seconds: 0, binding: "concurrency", bounds: { concurrency: 0 } };

  const busySeconds = active.reduce(
    (sum, workload) => sum + (workload.count * workload.latencyMs) / 1000,
    0,
  );
  const longestSeconds = Math.max(...active.map((workload) => workload.latencyMs / 1000));
  const meanSeconds = busySeconds / requests;

  const bounds: Partial<Record<TimeBound, number>> = {
    concurrency: Math.max(busySeconds / concurrency, longestSeconds),
  };
  if (limits.requestsPerMinute) {
    bounds.requests_per_minute =
      beyondFirstMinute(requests, limits.requestsPerMinute) + meanSeconds;
  }
  if (limits.inputTokensPerMinute) {
    const input = active.reduce((sum, workload) => sum + workload.rateLimitedInputTokens, 0);
    bounds.input_tokens_per_minute =
      beyondFirstMinute(input, limits.inputTokensPerMinute) + meanSeconds;
  }
  if (limits.outputTokensPerMinute) {
    const limit = limits.outputTokensPerMinute;
    const output = active.reduce((sum, workload) => sum + workload.outputTokens, 0);
    const reservedSeconds = active.reduce((sum, workload) => {
      const inFlight = Math.min(concurrency, Math.max(1, Math.floor(limit / workload.maxTokens)));
      return sum + (workload.count * workload.latencyMs) / 1000 / inFlight;
    }, 0);
    bounds.output_tokens_per_minute = Math.max(
      beyondFirstMinute(output, limit) + meanSeconds,
      Math.max(reservedSeconds, longestSeconds),
    );
  }

  let binding: TimeBound = "concurrency";
  for (const [bound, seconds] of Object.entries(bounds) as [TimeBound, number][]) {
    // Strictly longer: on a tie the simpler explanation (concurrency) is reported.
    if (seconds > (bounds[binding] ?? 0) + 1e-9) binding = bound;
  }
  return { seconds: bounds[binding] ?? 0, binding, bounds };
}

function beyondFirstMinute(demand: number, perMinute: number): number {
  return (Math.max(0, demand - perMinute) / perMinute) * 60;
}

// What a process that creates batches (the web server, the CLI) knows about the worker's provider,
// from the environment `npm start` gives them all: whether it is the simulator, and if so the
// simulator's timing, which the estimate uses. The key itself stays with the worker.
import { simulatorOptionsFromEnv } from "@parley/simulator";
import type { SimulatorTiming } from "./plan-batch.ts";

export interface BatchProviderSettings {
  /** No ANTHROPIC_API_KEY: batches and their conversations are labelled simulated. */
  simulated: boolean;
  /** When simulated: PARLEY_SIM_LATENCY_MS and PARLEY_SIM_BATCH_DELAY_MS, where set. */
  simulator?: SimulatorTiming;
}

/** Throws SimulatorConfigError when a PARLEY_SIM_* value is not valid. */
export function batchProviderSettingsFromEnv(
  env: Record<string, string | undefined>,
): BatchProviderSettings {
  if (env.ANTHROPIC_API_KEY) return { simulated: false };
  const { latencyMs, batchDelayMs } = simulatorOptionsFromEnv(env);
  return {
    simulated: true,
    simulator: {
      ...(latencyMs === undefined ? {} : { latencyMs }),
      ...(batchDelayMs === undefined ? {} : { batchDelayMs }),
    },
  };
}

// The install's one simulator: `parley simulator` and `npm start` run it on a known loopback
// port so every worker process of the install (`parley worker` in another shell included)
// reaches the same one and shares its organisation-wide limits.

import { DEFAULT_FLAW_RATES } from "./conversation-flaws.ts";
import { type SimulatorOptions, simulatorOptionsFromEnv } from "./simulator-options.ts";
import { type RunningSimulator, startSimulator } from "./start-simulator.ts";

export const DEFAULT_SIMULATOR_PORT = 4010;

/** Where the install's simulator listens: PARLEY_SIMULATOR_PORT, else 4010. */
export function installSimulatorUrl(env: Record<string, string | undefined>): string {
  const port = Number(env.PARLEY_SIMULATOR_PORT ?? DEFAULT_SIMULATOR_PORT);
  return `http://127.0.0.1:${Number.isInteger(port) && port > 0 ? port : DEFAULT_SIMULATOR_PORT}`;
}

/** The simulator at `url` if one answers there (its stats endpoint), else null. */
export async function findRunningSimulator(url: string): Promise<string | null> {
  try {
    const response = await fetch(`${url}/_simulator/stats`, { signal: AbortSignal.timeout(500) });
    return response.ok ? url : null;
  } catch {
    return null;
  }
}

/**
 * Starts the install's simulator on `port` (PARLEY_SIM_* settings from `env`). It writes flaws
 * at DEFAULT_FLAW_RATES (20 %) unless PARLEY_SIM_FLAWS says otherwise, so a fresh `npm start`
 * batch gives review something to find; simulators that code starts itself write none.
 */
export function startInstallSimulator(
  env: Record<string, string | undefined>,
  port: number,
  overrides: SimulatorOptions = {},
): Promise<RunningSimulator> {
  return startSimulator({
    flaws: { ...DEFAULT_FLAW_RATES },
    ...simulatorOptionsFromEnv(env),
    ...overrides,
    port,
  });
}

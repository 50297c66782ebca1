// The worker's provider: Claude with ANTHROPIC_API_KEY; without one, the install's shared
// simulator at ANTHROPIC_BASE_URL, or else a simulator of its own on loopback (PARLEY_SIM_*).
import {
  type ConversationProvider,
  createProviderFromEnv,
  type ProviderFromEnvOptions,
} from "@parley/generation";
import { type RunningSimulator, simulatorOptionsFromEnv, startSimulator } from "@parley/simulator";

export interface ProviderHandle {
  provider: ConversationProvider;
  /** The simulated server's address when running without an API key, else null. */
  simulatorUrl: string | null;
  /** The simulator this process started (none when it uses a shared one or Claude). */
  ownSimulator: RunningSimulator | null;
  /** Stops the simulator this process started, if any. */
  close(): Promise<void>;
}

export async function openProvider(
  options: Omit<ProviderFromEnvOptions, "simulatorUrl">,
): Promise<ProviderHandle> {
  let ownSimulator: RunningSimulator | null = null;
  try {
    const choice = await createProviderFromEnv({
      ...options,
      simulatorUrl: async () => {
        ownSimulator = await startSimulator(simulatorOptionsFromEnv(options.env));
        return ownSimulator.url;
      },
    });
    const started = ownSimulator as RunningSimulator | null;
    return {
      ...choice,
      ownSimulator: started,
      close: async () => {
        await started?.close();
      },
    };
  } catch (error) {
    await (ownSimulator as RunningSimulator | null)?.close();
    throw error;
  }
}

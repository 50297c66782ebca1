// Picks the provider from the environment: ANTHROPIC_API_KEY set → real Claude; unset → the
// simulated server started on loopback, with the same SDK pointed at it (one code path).
import type { RateLimiter } from "../rate-limit/rate-limiter.ts";
import { simulatorOptionsFromEnv } from "../simulator/simulator-options.ts";
import { type RunningSimulator, startSimulator } from "../simulator/start-simulator.ts";
import {
  type AnthropicProviderOptions,
  type ConversationProvider,
  createAnthropicProvider,
} from "./anthropic-provider.ts";

export interface ProviderFromEnvOptions {
  /** The app's validated environment; this module never reads process.env itself. */
  env: Record<string, string | undefined>;
  rateLimiter?: RateLimiter;
  /** Retry and timeout settings passed through to the provider. */
  providerOptions?: Pick<
    AnthropicProviderOptions,
    "maxAttempts" | "malformedRetries" | "maxRateLimitRetries" | "timeoutMs" | "backoff"
  >;
}

export interface ProviderHandle {
  provider: ConversationProvider;
  /** The simulated server when running without an API key, else null. */
  simulator: RunningSimulator | null;
  /** Stops the simulator, if one was started. */
  close(): Promise<void>;
}

/**
 * Env: ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL (real mode only), PARLEY_MODEL (default
 * claude-sonnet-4-5), and PARLEY_SIM_* for the simulator (see simulatorOptionsFromEnv).
 */
export async function createProviderFromEnv({
  env,
  rateLimiter,
  providerOptions = {},
}: ProviderFromEnvOptions): Promise<ProviderHandle> {
  const apiKey = env.ANTHROPIC_API_KEY?.trim();
  const model = env.PARLEY_MODEL?.trim() || undefined;
  const shared = {
    ...providerOptions,
    ...(model ? { model } : {}),
    ...(rateLimiter ? { rateLimiter } : {}),
  };
  if (apiKey) {
    const baseURL = env.ANTHROPIC_BASE_URL?.trim() || undefined;
    const provider = createAnthropicProvider({
      ...shared,
      apiKey,
      ...(baseURL ? { baseURL } : {}),
      simulated: false,
    });
    return { provider, simulator: null, close: async () => {} };
  }
  const simulator = await startSimulator(simulatorOptionsFromEnv(env));
  try {
    const provider = createAnthropicProvider({
      ...shared,
      baseURL: simulator.url,
      simulated: true,
    });
    return { provider, simulator, close: () => simulator.close() };
  } catch (err) {
    await simulator.close();
    throw err;
  }
}

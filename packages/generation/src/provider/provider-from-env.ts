// Picks the provider from the environment: ANTHROPIC_API_KEY set → real Claude; unset → the
// simulated Anthropic server the app chose (the install's shared one at ANTHROPIC_BASE_URL, or
// one the app started), with the same SDK pointed at it (one code path). Generation never
// starts a simulator itself: @parley/simulator is the apps' choice.
import type { RateLimiter } from "../rate-limit/rate-limiter.ts";
import {
  type AnthropicProviderOptions,
  type ConversationProvider,
  createAnthropicProvider,
} from "./anthropic-provider.ts";

export interface ProviderFromEnvOptions {
  /** The app's validated environment; this module never reads process.env itself. */
  env: Record<string, string | undefined>;
  rateLimiter?: RateLimiter;
  /**
   * Without an API key: the simulated server to use when ANTHROPIC_BASE_URL names none. Called
   * only when needed, so an app starts a simulator only when it has to.
   */
  simulatorUrl?: () => Promise<string>;
  /** Retry and timeout settings passed through to the provider. */
  providerOptions?: Pick<
    AnthropicProviderOptions,
    "maxAttempts" | "malformedRetries" | "maxRateLimitRetries" | "timeoutMs" | "backoff"
  >;
}

export interface ProviderChoice {
  provider: ConversationProvider;
  /** The simulated server's address when running without an API key, else null. */
  simulatorUrl: string | null;
}

/**
 * Env: ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL (the real API's address with a key; the shared
 * simulator's without one) and PARLEY_MODEL (default claude-sonnet-4-5).
 */
export async function createProviderFromEnv({
  env,
  rateLimiter,
  simulatorUrl,
  providerOptions = {},
}: ProviderFromEnvOptions): Promise<ProviderChoice> {
  const apiKey = env.ANTHROPIC_API_KEY?.trim();
  const model = env.PARLEY_MODEL?.trim() || undefined;
  const baseURL = env.ANTHROPIC_BASE_URL?.trim() || undefined;
  const shared = {
    ...providerOptions,
    ...(model ? { model } : {}),
    ...(rateLimiter ? { rateLimiter } : {}),
  };
  if (apiKey) {
    const provider = createAnthropicProvider({
      ...shared,
      apiKey,
      ...(baseURL ? { baseURL } : {}),
      simulated: false,
    });
    return { provider, simulatorUrl: null };
  }
  const url = baseURL ?? (await simulatorUrl?.());
  if (!url) {
    throw new Error(
      "No ANTHROPIC_API_KEY and no simulator: set ANTHROPIC_API_KEY for Claude, or ANTHROPIC_BASE_URL to a running `parley simulator`.",
    );
  }
  const provider = createAnthropicProvider({ ...shared, baseURL: url, simulated: true });
  return { provider, simulatorUrl: url };
}

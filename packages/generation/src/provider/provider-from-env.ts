// Picks the provider from the environment: ANTHROPIC_API_KEY set → real Claude; unset → the
// simulated server started on loopback, with the same SDK pointed at it (one code path).
import { readFileSync } from "node:fs";
import { buildModelCatalogue, findCatalogueModel } from "../models/model-catalogue.ts";
import { parseModelPriceOverrides } from "../models/model-price-overrides.ts";
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
 * Env: ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL (real mode only), PARLEY_MODEL (default: the
 * newest non-deprecated Sonnet the SDK knows), PARLEY_MODEL_PRICES (a JSON file of prices that
 * add to or override the published ones), and PARLEY_SIM_* for the simulator.
 */
export async function createProviderFromEnv({
  env,
  rateLimiter,
  providerOptions = {},
}: ProviderFromEnvOptions): Promise<ProviderHandle> {
  const apiKey = env.ANTHROPIC_API_KEY?.trim();
  const model = env.PARLEY_MODEL?.trim() || undefined;
  const installPrices = readInstallModelPrices(env);
  const catalogue = buildModelCatalogue({ installPrices });
  const shared = {
    ...providerOptions,
    priceOf: (id: string) => findCatalogueModel(catalogue, id)?.price ?? undefined,
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

/** PARLEY_MODEL_PRICES: the install's price file, parsed (an unreadable or invalid file stops here). */
export function readInstallModelPrices(env: Record<string, string | undefined>) {
  const path = env.PARLEY_MODEL_PRICES?.trim();
  if (!path) return {};
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new Error(`PARLEY_MODEL_PRICES: cannot read ${path}: ${(err as Error).message}`);
  }
  return parseModelPriceOverrides(text, `PARLEY_MODEL_PRICES (${path})`);
}

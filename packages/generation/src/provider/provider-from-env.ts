// Picks the provider from the environment: ANTHROPIC_API_KEY set → real Claude; unset → the
// simulated Anthropic server the app chose (the install's shared one at ANTHROPIC_BASE_URL, or
// one the app started), with the same SDK pointed at it (one code path). Generation never
// starts a simulator itself: @parley/simulator is the apps' choice.
import { readFileSync } from "node:fs";
import { buildModelCatalogue, findCatalogueModel } from "../models/model-catalogue.ts";
import { parseModelPriceOverrides } from "../models/model-price-overrides.ts";
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
 * simulator's without one), PARLEY_MODEL (default: the newest non-deprecated Sonnet the SDK
 * knows) and PARLEY_MODEL_PRICES (a JSON file of prices that add to or override the published
 * ones).
 */
export async function createProviderFromEnv({
  env,
  rateLimiter,
  simulatorUrl,
  providerOptions = {},
}: ProviderFromEnvOptions): Promise<ProviderChoice> {
  const apiKey = env.ANTHROPIC_API_KEY?.trim();
  const model = env.PARLEY_MODEL?.trim() || undefined;
  const installPrices = readInstallModelPrices(env);
  const catalogue = buildModelCatalogue({ installPrices });
  const baseURL = env.ANTHROPIC_BASE_URL?.trim() || undefined;
  const shared = {
    ...providerOptions,
    priceOf: (id: string) => findCatalogueModel(catalogue, id)?.price ?? undefined,
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

// On start the worker, the only process holding the API key, reads the account's Models API
// (the simulator's in simulated mode) and stores it with the install's PARLEY_MODEL_PRICES, so
// the web app and the CLI build the same model catalogue without the key.
import { type Database, saveProviderModelList } from "@parley/db";
import { listAccountModels, readInstallModelPrices } from "@parley/generation";

export interface RefreshModelListOptions {
  db: Database;
  env: Record<string, string | undefined>;
  /** The simulated server's URL in simulated mode, else null. */
  simulatorUrl: string | null;
  log: (message: string) => void;
}

/** Never fails the worker: without the list, the catalogue falls back to the SDK's models. */
export async function refreshModelList(options: RefreshModelListOptions): Promise<void> {
  const { env, simulatorUrl } = options;
  const apiKey = simulatorUrl ? "simulated-key" : env.ANTHROPIC_API_KEY?.trim();
  if (!apiKey) return;
  const baseURL = simulatorUrl ?? (env.ANTHROPIC_BASE_URL?.trim() || undefined);
  try {
    const models = await listAccountModels({ apiKey, ...(baseURL ? { baseURL } : {}) });
    await saveProviderModelList(options.db, {
      provider: simulatorUrl ? "simulated" : "anthropic",
      models,
      installPrices: readInstallModelPrices(env),
    });
  } catch (error) {
    options.log(
      `could not read the account's models (the catalogue offers the SDK's list): ${(error as Error).message}`,
    );
  }
}

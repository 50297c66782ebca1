// The command line's configuration, parsed once with zod on first use (so `--help` works whatever
// the environment holds); nothing else in the CLI reads process.env.
import { type ModelPriceOverrides, readInstallModelPrices } from "@parley/generation";
import { type BatchProviderSettings, batchProviderSettingsFromEnv } from "@parley/queue";
import { z } from "zod";

const envSchema = z.object({
  /** Another embedded cluster than the checkout's .data/ (the browser tests use their own). */
  PARLEY_DATA_DIR: z.string().min(1).optional(),
  /** The HuggingFace write token for --push-to-hub; handed to the Hub client, never printed. */
  HF_TOKEN: z.string().min(1).optional(),
  /** The Hub's address, as huggingface_hub reads it (a mirror, or a stand-in in tests). */
  HF_ENDPOINT: z.url().optional(),
  /** The folder `npm run parley` was started from; relative --out paths are resolved against it. */
  INIT_CWD: z.string().optional(),
});

export type CliEnv = z.infer<typeof envSchema> & {
  /** Whether new batches are simulated and the simulator timing their estimate uses. */
  provider: BatchProviderSettings;
  /** PARLEY_MODEL_PRICES: the install's own prices, read from the JSON file it names. */
  installPrices: ModelPriceOverrides;
  /** The whole environment, for what is handed on as it is: a worker's, the simulator's settings. */
  raw: NodeJS.ProcessEnv;
};

let parsed: CliEnv | undefined;

export function cliEnv(): CliEnv {
  parsed ??= {
    ...envSchema.parse(process.env),
    provider: batchProviderSettingsFromEnv(process.env),
    installPrices: readInstallModelPrices(process.env),
    raw: process.env,
  };
  return parsed;
}

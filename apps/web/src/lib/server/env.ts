// The web server's configuration, parsed on first use (not at import: the build imports server
// modules to analyse routes); nothing else in the app reads process.env.
import { batchProviderSettingsFromEnv, type SimulatorTiming } from "@parley/queue";
import { z } from "zod";

/** `FOO=` in a shell or a test runner means "not set". */
function unsetWhenEmpty<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === "" ? undefined : value), schema);
}

const envSchema = z.object({
  DATABASE_URL: z.string().min(1, "DATABASE_URL must point at the Parley database"),
  ANTHROPIC_API_KEY: z.string().optional(),
  /** Where the export job stores files (default <repo>/.data/exports); the same as the worker's. */
  PARLEY_EXPORTS_DIR: z.string().min(1).optional(),
  /** Signs session cookies. Unset: generated once and kept in .data/auth-secret. */
  BETTER_AUTH_SECRET: unsetWhenEmpty(
    z.string().min(32, "BETTER_AUTH_SECRET must be at least 32 characters").optional(),
  ),
  /** Seals workspace secrets (32 bytes, hex or base64); checked by resolveSecretCipher. Unset:
   * generated once and kept in .data/secret-key, which the worker and the CLI read too. */
  PARLEY_SECRET_KEY: unsetWhenEmpty(z.string().optional()),
  /** Keys being rotated out, comma-separated: values sealed with them still open. */
  PARLEY_SECRET_KEY_PREVIOUS: unsetWhenEmpty(z.string().optional()),
  /** The app's public URL. Set: sign-in accepts requests from that origin only. Unset: from the
   * origin each request was made to (scripts/serve-web.ts marks requests as plain HTTP). */
  BETTER_AUTH_URL: unsetWhenEmpty(z.url().optional()),
  /** Sign-ups a minute from one client address (an office behind one address needs more). */
  PARLEY_SIGNUPS_PER_MINUTE: unsetWhenEmpty(
    z.coerce
      .number()
      .int()
      .min(1, "PARLEY_SIGNUPS_PER_MINUTE must be a whole number of at least 1")
      .default(30),
  ),
});

export interface ServerEnv {
  DATABASE_URL: string;
  /** Only whether a key is configured ever leaves this module; the key stays with the worker. */
  providerSimulated: boolean;
  /** The simulated server's latency and batch delay (PARLEY_SIM_*), for the wizard's estimate. */
  simulatorTiming: SimulatorTiming | undefined;
  PARLEY_EXPORTS_DIR: string | undefined;
  /** Only auth.ts reads it; it is never logged or sent anywhere. */
  BETTER_AUTH_SECRET: string | undefined;
  BETTER_AUTH_URL: string | undefined;
  PARLEY_SIGNUPS_PER_MINUTE: number;
  /** Only services.ts reads them, to build the secret cipher; never logged. */
  secretKeys: {
    PARLEY_SECRET_KEY: string | undefined;
    PARLEY_SECRET_KEY_PREVIOUS: string | undefined;
  };
}

let parsed: ServerEnv | undefined;

export function serverEnv(): ServerEnv {
  if (!parsed) {
    const raw = envSchema.parse(process.env);
    const provider = batchProviderSettingsFromEnv(process.env);
    parsed = {
      DATABASE_URL: raw.DATABASE_URL,
      providerSimulated: provider.simulated,
      simulatorTiming: provider.simulator,
      PARLEY_EXPORTS_DIR: raw.PARLEY_EXPORTS_DIR,
      BETTER_AUTH_SECRET: raw.BETTER_AUTH_SECRET,
      BETTER_AUTH_URL: raw.BETTER_AUTH_URL,
      PARLEY_SIGNUPS_PER_MINUTE: raw.PARLEY_SIGNUPS_PER_MINUTE,
      secretKeys: {
        PARLEY_SECRET_KEY: raw.PARLEY_SECRET_KEY,
        PARLEY_SECRET_KEY_PREVIOUS: raw.PARLEY_SECRET_KEY_PREVIOUS,
      },
    };
  }
  return parsed;
}

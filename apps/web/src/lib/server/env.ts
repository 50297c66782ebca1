// The web server's configuration, parsed on first use (not at import: the build imports server
// modules to analyse routes); nothing else in the app reads process.env.
import { z } from "zod";

const envSchema = z.object({
  DATABASE_URL: z.string().min(1, "DATABASE_URL must point at the Parley database"),
  ANTHROPIC_API_KEY: z.string().optional(),
  /** Where the export job stores files (default <repo>/.data/exports); the same as the worker's. */
  PARLEY_EXPORTS_DIR: z.string().min(1).optional(),
});

export interface ServerEnv {
  DATABASE_URL: string;
  /** Only whether a key is configured ever leaves this module; the key stays with the worker. */
  providerSimulated: boolean;
  PARLEY_EXPORTS_DIR: string | undefined;
}

let parsed: ServerEnv | undefined;

export function serverEnv(): ServerEnv {
  if (!parsed) {
    const raw = envSchema.parse(process.env);
    parsed = {
      DATABASE_URL: raw.DATABASE_URL,
      providerSimulated: !raw.ANTHROPIC_API_KEY,
      PARLEY_EXPORTS_DIR: raw.PARLEY_EXPORTS_DIR,
    };
  }
  return parsed;
}

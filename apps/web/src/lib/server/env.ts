// The web server's configuration, parsed on first use (not at import: the build imports server
// modules to analyse routes); nothing else in the app reads process.env.
import { z } from "zod";

const envSchema = z.object({
  DATABASE_URL: z.string().min(1, "DATABASE_URL must point at the Parley database"),
  ANTHROPIC_API_KEY: z.string().optional(),
});

export interface ServerEnv {
  DATABASE_URL: string;
  /** Only whether a key is configured ever leaves this module; the key stays with the worker. */
  providerSimulated: boolean;
}

let parsed: ServerEnv | undefined;

export function serverEnv(): ServerEnv {
  if (!parsed) {
    const raw = envSchema.parse(process.env);
    parsed = { DATABASE_URL: raw.DATABASE_URL, providerSimulated: !raw.ANTHROPIC_API_KEY };
  }
  return parsed;
}

// The web server's configuration, parsed once; nothing else in the app reads process.env.
import { z } from "zod";

const envSchema = z.object({
  DATABASE_URL: z.string().min(1, "DATABASE_URL must point at the Parley database"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  ANTHROPIC_API_KEY: z.string().optional(),
});

const parsed = envSchema.parse(process.env);

export const env = {
  DATABASE_URL: parsed.DATABASE_URL,
  NODE_ENV: parsed.NODE_ENV,
  /** Only whether a key is configured ever leaves this module; the key itself stays with the worker. */
  providerSimulated: !parsed.ANTHROPIC_API_KEY,
};

// The worker's configuration, parsed once; nothing else in the worker reads process.env.
import { z } from "zod";

const envSchema = z.object({
  /**
   * Items one worker process generates at once, across all batches: the upper bound of its
   * automatic concurrency (the shared rate budget and 429s bring it lower; a batch's ceiling too).
   */
  PARLEY_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(32),
  /** Requests per Message Batches submission; the API allows 100 000 (and 256 MB). */
  PARLEY_MESSAGE_BATCH_MAX_REQUESTS: z.coerce.number().int().min(1).max(100_000).default(100_000),
  /** How often a submitted Message Batch is checked while it runs. */
  PARLEY_MESSAGE_BATCH_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** Submissions per item (since a user last retried it) before an errored or expired request fails it. */
  PARLEY_MESSAGE_BATCH_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  ANTHROPIC_API_KEY: z.string().optional(),
  ANTHROPIC_BASE_URL: z.string().optional(),
  PARLEY_MODEL: z.string().optional(),
  /** A JSON file of model prices that add to or override the published ones. */
  PARLEY_MODEL_PRICES: z.string().optional(),
});

export type WorkerEnv = z.infer<typeof envSchema> & { raw: Record<string, string | undefined> };

export function readWorkerEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  // The provider reads its own (validated) PARLEY_SIM_* settings from the same source.
  return { ...envSchema.parse(source), raw: source };
}

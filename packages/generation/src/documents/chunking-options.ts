// The user's chunking settings: how large a chunk may grow and how much of the previous chunk
// the next one repeats, in tokens (estimated as the simulator bills them, ~4 characters each).
import { z } from "zod";

export const DEFAULT_CHUNK_MAX_TOKENS = 400;
export const DEFAULT_CHUNK_OVERLAP_TOKENS = 50;
export const MIN_CHUNK_MAX_TOKENS = 50;
export const MAX_CHUNK_MAX_TOKENS = 4000;

export const chunkingOptionsSchema = z
  .object({
    maxTokens: z
      .number()
      .int("The token budget must be a whole number")
      .min(MIN_CHUNK_MAX_TOKENS, `A chunk needs room for at least ${MIN_CHUNK_MAX_TOKENS} tokens`)
      .max(MAX_CHUNK_MAX_TOKENS, `Keep chunks at or below ${MAX_CHUNK_MAX_TOKENS} tokens`)
      .default(DEFAULT_CHUNK_MAX_TOKENS),
    overlapTokens: z
      .number()
      .int("The overlap must be a whole number")
      .min(0, "The overlap cannot be negative")
      .default(DEFAULT_CHUNK_OVERLAP_TOKENS),
  })
  .refine((options) => options.overlapTokens * 2 <= options.maxTokens, {
    message: "The overlap must be at most half the token budget, or chunks would mostly repeat",
    path: ["overlapTokens"],
  });

export type ChunkingOptions = z.infer<typeof chunkingOptionsSchema>;
export type ChunkingOptionsInput = z.input<typeof chunkingOptionsSchema>;

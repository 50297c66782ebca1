// Token counts of one model call as billing sees them: uncached input, cache writes and reads,
// and output. The camelCase twin of the API's `usage` object, shared by pricing and providers.

export interface TokenUsage {
  /** Input tokens after the last cache breakpoint (billed at the base input price). */
  inputTokens: number;
  outputTokens: number;
  /** Input tokens written to the prompt cache (billed at 1.25× input). */
  cacheCreationInputTokens: number;
  /** Input tokens read from the prompt cache (billed at 0.1× input). */
  cacheReadInputTokens: number;
}

export const ZERO_USAGE: TokenUsage = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationInputTokens: 0,
  cacheReadInputTokens: 0,
});

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheCreationInputTokens: a.cacheCreationInputTokens + b.cacheCreationInputTokens,
    cacheReadInputTokens: a.cacheReadInputTokens + b.cacheReadInputTokens,
  };
}

/** The shape the Messages API reports; cache fields may be null or missing. */
export interface ApiUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

export function usageFromApi(usage: ApiUsage): TokenUsage {
  return {
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens,
    cacheCreationInputTokens: usage.cache_creation_input_tokens ?? 0,
    cacheReadInputTokens: usage.cache_read_input_tokens ?? 0,
  };
}

// Token counts the way the simulator bills them: about four characters per token, which is
// close to Claude's tokenizer for English prose and JSON.

export const CHARS_PER_TOKEN = 4;

export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / CHARS_PER_TOKEN);
}

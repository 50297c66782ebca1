// The limits a prompts batch is held to, stated once for the parsers, the API, the form and the
// README: enough for real work, small enough that one request carries the whole file.

/** Prompts in one batch (a conversation batch's most items too). */
export const MAX_PROMPTS = 10_000;
/** Characters in one prompt (about 12 500 tokens). */
export const MAX_PROMPT_CHARS = 50_000;
/** Characters in a system prompt, the batch's or a prompt's own. */
export const MAX_SYSTEM_CHARS = 20_000;
/** Characters in a prompt's own id. */
export const MAX_SOURCE_ID_CHARS = 200;
/** Characters in the whole file or form (5 MB of text). */
export const MAX_SOURCE_CHARS = 5_000_000;
/** max_tokens an answer may be given, and its default. */
export const MAX_ANSWER_TOKENS = 64_000;
export const DEFAULT_ANSWER_TOKENS = 1_024;

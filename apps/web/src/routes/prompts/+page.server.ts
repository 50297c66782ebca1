import {
  DEFAULT_ANSWER_TOKENS,
  MAX_ANSWER_TOKENS,
  MAX_PROMPT_CHARS,
  MAX_PROMPTS,
  MAX_SOURCE_CHARS,
} from "@parley/queue";
import type { PageServerLoad } from "./$types";

/** The limits the form states; the API enforces them. */
export const load = (() => ({
  limits: {
    maxPrompts: MAX_PROMPTS,
    maxPromptChars: MAX_PROMPT_CHARS,
    maxSourceChars: MAX_SOURCE_CHARS,
    maxAnswerTokens: MAX_ANSWER_TOKENS,
    defaultAnswerTokens: DEFAULT_ANSWER_TOKENS,
  },
})) satisfies PageServerLoad;

// The models the installed @anthropic-ai/sdk knows, newest first as the SDK lists them, and the
// ones it marks deprecated with their end-of-life dates. The SDK carries both only as a type
// (`Anthropic.Model`) and as an unexported table (the source of its console warning), so they are
// copied here; the type check below and sdk-models.test.ts fail when an SDK upgrade changes them.
import type Anthropic from "@anthropic-ai/sdk";

/** The literal model ids of the SDK's `Model` union, without its open `string & {}` member. */
type SdkModelId<T = Anthropic.Model> = T extends string ? (string extends T ? never : T) : never;

export const SDK_MODEL_IDS = [
  "claude-fable-5-2",
  "claude-mythos-5-2",
  "claude-haiku-5-5",
  "claude-sonnet-5-5",
  "claude-fable-5-1",
  "claude-opus-5-5",
  "claude-mythos-5-1",
  "claude-sonnet-5",
  "claude-fable-5",
  "claude-mythos-5",
  "claude-opus-5",
  "claude-opus-4-8",
  "claude-opus-4-7",
  "claude-mythos-preview",
  "claude-opus-4-6",
  "claude-sonnet-4-6",
  "claude-haiku-4-5",
  "claude-haiku-4-5-20251001",
  "claude-opus-4-5",
  "claude-opus-4-5-20251101",
  "claude-sonnet-4-5",
  "claude-sonnet-4-5-20250929",
] as const satisfies readonly SdkModelId[];

// Fails to compile when the SDK knows a model this list lacks.
type MissingFromList = Exclude<SdkModelId, (typeof SDK_MODEL_IDS)[number]>;
const listCoversSdk: [MissingFromList] extends [never] ? true : MissingFromList = true;
void listCoversSdk;

/**
 * The SDK's DEPRECATED_MODELS (internal/data/deprecated-models): model → end-of-life date as the
 * SDK words it. The SDK warns on every call to one of these.
 */
export const SDK_DEPRECATED_MODELS: Readonly<Record<string, string>> = {
  "claude-mythos-preview": "June 30th, 2026",
  "claude-sonnet-4-5": "November 30th, 2026",
  "claude-sonnet-4-5-20250929": "November 30th, 2026",
};

/** "November 30th, 2026" → "2026-11-30"; null when the SDK's wording cannot be read. */
export function sdkEndOfLifeDate(words: string): string | null {
  const parsed = new Date(`${words.replace(/(\d+)(st|nd|rd|th)/, "$1")} 00:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString().slice(0, 10);
}

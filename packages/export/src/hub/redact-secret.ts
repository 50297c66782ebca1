// Removes access tokens from text that may reach a user or a log: the given secret wherever it
// appears, and anything shaped like a HuggingFace token, in case a server echoes one back.
const HF_TOKEN_PATTERN = /\bhf_[A-Za-z0-9]{6,}\b/g;
export const REDACTED = "hf_***";

export function redactSecret(text: string, secret: string | undefined): string {
  const withoutSecret = secret ? text.split(secret).join(REDACTED) : text;
  return withoutSecret.replace(HF_TOKEN_PATTERN, REDACTED);
}

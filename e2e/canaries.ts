// Fake secrets the browser tests' server runs with (playwright.config.ts), recognisable anywhere:
// tests look for them in the client bundle, pages, API answers, downloads and error pages.
export const SERVER_CANARIES = {
  BETTER_AUTH_SECRET: "CANARYe2eBetterAuthSecret3c1f9a7d5b2e8c4a6f0d",
  PARLEY_SECRET_KEY: "e2ec4a2ee5ca4a2ee5c0ffee00deadbeef0123456789abcdef0badcafe5ec2e7",
  HF_TOKEN: "hf_CANARYe2eServerHubToken8d2b6f4a1c9e7",
} as const;

/** A workspace's own Hub token, saved through the settings API by the secrets test. */
export const WORKSPACE_HUB_TOKEN_CANARY = "hf_CANARYe2eWorkspaceToken5e3a9c1d7b";

/**
 * The Anthropic key of the keyed server secrets.spec.ts starts: it sends it, as Claude would get
 * it, to a simulator (ANTHROPIC_BASE_URL), so no call can reach the real API.
 */
export const ANTHROPIC_API_KEY_CANARY = "sk-ant-api03-CANARYe2eAnthropicKey7f3b9d1e5a0c";

export function canariesIn(text: string): string[] {
  const all: Record<string, string> = {
    ...SERVER_CANARIES,
    ANTHROPIC_API_KEY: ANTHROPIC_API_KEY_CANARY,
    WORKSPACE_HUB_TOKEN: WORKSPACE_HUB_TOKEN_CANARY,
  };
  return Object.entries(all)
    .filter(([, value]) => text.includes(value))
    .map(([name]) => name);
}

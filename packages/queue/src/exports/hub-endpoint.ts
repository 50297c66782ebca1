// Which HuggingFace Hub a workspace pushes to, and the rule that keeps a token from leaving for
// another one: a saved token goes only to the Hub it was saved for, so changing the workspace's
// Hub address (or pointing it at a server that collects tokens) means saving the token again.
export const DEFAULT_HUB_ENDPOINT = "https://huggingface.co";

/** An address as stored: no trailing slash; the default Hub (and nothing) as null. */
export function normaliseHubEndpoint(endpoint: string | null | undefined): string | null {
  const trimmed = endpoint?.trim().replace(/\/+$/, "");
  return trimmed && trimmed !== DEFAULT_HUB_ENDPOINT ? trimmed : null;
}

/** The workspace's own Hub from its settings; null: the default Hub. */
export function workspaceHubEndpoint(settings: Record<string, unknown> | undefined): string | null {
  const configured = settings?.huggingFaceEndpoint;
  return typeof configured === "string" ? normaliseHubEndpoint(configured) : null;
}

export interface HubTokenBinding {
  /** The Hub the token was saved for (null: the default Hub). */
  savedFor: string | null;
  /** The Hub the workspace pushes to now (null: the default Hub). */
  current: string | null;
  /** How to name the default Hub: https://huggingface.co, or the deployment's HF_ENDPOINT. */
  defaultHub?: string;
}

/** Why the saved token may not go to the workspace's Hub, or null when it may. */
export function hubTokenMismatch(binding: HubTokenBinding): string | null {
  const savedFor = normaliseHubEndpoint(binding.savedFor);
  const current = normaliseHubEndpoint(binding.current);
  if (savedFor === current) return null;
  const name = (endpoint: string | null) => endpoint ?? binding.defaultHub ?? DEFAULT_HUB_ENDPOINT;
  return `The saved HuggingFace token was saved for ${name(savedFor)}; save it again for ${name(current)} in Settings → Integrations (a token is only sent to the Hub it was saved for).`;
}

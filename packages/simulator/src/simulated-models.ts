// The simulated account's Models API: every model the installed SDK knows, with the SDK's
// deprecations, except the limited-availability Mythos models (invitation only, so a typical
// account cannot use them), plus two retired models, listed only when retired ones are asked
// for. A message naming a model outside this list, or a retired one, gets the API's 404.
import type Anthropic from "@anthropic-ai/sdk";
import {
  displayNameFromId,
  PUBLISHED_PRICES,
  SDK_DEPRECATED_MODELS,
  SDK_MODEL_IDS,
  sdkEndOfLifeDate,
} from "@parley/generation";
import { SimulatedApiError } from "./api-error.ts";

type ModelInfo = Anthropic.Models.ModelInfo;
type Lifecycle = ModelInfo["lifecycle"];

const RETIRED: readonly { id: string; displayName: string }[] = [
  { id: "claude-opus-4-1", displayName: "Claude Opus 4.1" },
  { id: "claude-opus-4-20250514", displayName: "Claude Opus 4" },
];

const EPOCH = "1970-01-01T00:00:00Z";

function info(
  id: string,
  lifecycle: Lifecycle,
  displayName: string,
  retiresOn: string | null,
): ModelInfo {
  return {
    type: "model",
    id,
    display_name: displayName,
    created_at: EPOCH,
    lifecycle,
    deprecated_at: lifecycle === "active" ? null : EPOCH,
    retires_at: retiresOn ? `${retiresOn}T00:00:00Z` : null,
    line: (/^claude-(haiku|sonnet|opus|fable|mythos)\b/.exec(id)?.[1] ?? null) as ModelInfo["line"],
    max_input_tokens: 1_000_000,
    max_tokens: 128_000,
    capabilities: null,
  };
}

export const SIMULATED_MODELS: readonly ModelInfo[] = [
  ...SDK_MODEL_IDS.filter((id) => !id.startsWith("claude-mythos")).map((id) => {
    const deprecated = SDK_DEPRECATED_MODELS[id];
    const name =
      PUBLISHED_PRICES.find((price) => id.startsWith(price.model))?.displayName ??
      displayNameFromId(id);
    return info(
      id,
      deprecated ? "deprecated" : "active",
      name,
      deprecated ? sdkEndOfLifeDate(deprecated) : null,
    );
  }),
  ...RETIRED.map((model) => info(model.id, "retired", model.displayName, null)),
];

/** GET /v1/models: `lifecycle` (repeatable or comma-separated) filters, default active + deprecated. */
export function listSimulatedModels(params: URLSearchParams) {
  // The SDK sends arrays as lifecycle[]=a&lifecycle[]=b.
  const asked = [...params.getAll("lifecycle"), ...params.getAll("lifecycle[]")]
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter(Boolean);
  const stages = new Set<string>(asked.length > 0 ? asked : ["active", "deprecated"]);
  const data = SIMULATED_MODELS.filter((model) => stages.has(model.lifecycle));
  return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}

/** GET /v1/models/{id}. */
export function retrieveSimulatedModel(id: string): ModelInfo {
  const model = SIMULATED_MODELS.find((candidate) => candidate.id === id);
  if (!model) throw new SimulatedApiError(404, "not_found_error", `model: ${id}`);
  return model;
}

/** Refuses a request naming a model this account cannot call, as the API does. */
export function assertCallableModel(id: string): void {
  const model = SIMULATED_MODELS.find((candidate) => candidate.id === id);
  if (!model || model.lifecycle === "retired") {
    throw new SimulatedApiError(404, "not_found_error", `model: ${id}`);
  }
}

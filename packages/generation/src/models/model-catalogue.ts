// The model catalogue: what can be chosen and at what price. It starts from the models the
// installed SDK knows, takes the account's Models API answer when there is one (which models
// this key can use, their lifecycle and retirement dates), prices them from Anthropic's
// published prices and lays the install's, then the workspace's, overrides on top.
import type Anthropic from "@anthropic-ai/sdk";
import { canonicalModelId, type ModelPrice } from "../pricing/model-prices.ts";
import { type ModelPriceOverrides, priceFromOverride } from "./model-price-overrides.ts";
import {
  PUBLISHED_PRICES,
  PUBLISHED_PRICES_CHECKED_ON,
  PUBLISHED_PRICES_SOURCE,
} from "./published-prices.ts";
import { SDK_DEPRECATED_MODELS, SDK_MODEL_IDS, sdkEndOfLifeDate } from "./sdk-models.ts";

export type ModelInfo = Anthropic.Models.ModelInfo;
export type ModelLifecycle = "active" | "deprecated" | "retired";
export type PriceSource = "published" | "install" | "workspace";

export interface CatalogueModel {
  id: string;
  displayName: string;
  /** sonnet, opus, haiku, …; from the Models API, else read from the id. */
  line: string | null;
  lifecycle: ModelLifecycle;
  /** End of life (YYYY-MM-DD) of a deprecated or retired model, when known. */
  retiresOn: string | null;
  /** Where the model was seen: the installed SDK, the account's Models API, an override. */
  knownFrom: ("sdk" | "models-api" | "override")[];
  /**
   * False when the Models API answered and did not list the model: this key cannot use it.
   * Null when no Models API answer was available (simulated run without the list, or offline).
   */
  available: boolean | null;
  price: ModelPrice | null;
  priceSource: PriceSource | null;
}

export interface ModelCatalogue {
  models: CatalogueModel[];
  /** The model new batches use unless one is chosen. */
  defaultModel: string;
  /** Whether the account's Models API answer was merged in. */
  fromModelsApi: boolean;
  prices: {
    source: string;
    checkedOn: string;
    installOverrides: number;
    workspaceOverrides: number;
  };
}

export interface BuildModelCatalogueOptions {
  /** The account's Models API answer (all lifecycles), or null when none was fetched. */
  accountModels?: readonly ModelInfo[] | null;
  /** PARLEY_MODEL_PRICES. */
  installPrices?: ModelPriceOverrides;
  /** The workspace's own prices (admins set them); they win over the install's. */
  workspacePrices?: ModelPriceOverrides;
  /** PARLEY_MODEL, when the install chose its default. */
  defaultModel?: string;
}

/** "claude-sonnet-5-5" → "Claude Sonnet 5.5"; used until a price table or the API names it. */
export function displayNameFromId(id: string): string {
  const words = canonicalModelId(id)
    .replace(/^claude-/, "")
    .split("-");
  const name = words.filter((word) => !/^\d+$/.test(word));
  const version = words.filter((word) => /^\d+$/.test(word)).join(".");
  const title = name.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(" ");
  return `Claude ${title}${version ? ` ${version}` : ""}`;
}

function lineFromId(id: string): string | null {
  return /^claude-(haiku|sonnet|opus|fable|mythos)\b/.exec(id)?.[1] ?? null;
}

/** The newest Sonnet-class model the SDK lists that it does not mark deprecated. */
export const SDK_DEFAULT_MODEL: string =
  SDK_MODEL_IDS.find(
    (id) =>
      lineFromId(id) === "sonnet" && !(id in SDK_DEPRECATED_MODELS) && canonicalModelId(id) === id,
  ) ?? "claude-sonnet-5-5";

export function buildModelCatalogue(options: BuildModelCatalogueOptions = {}): ModelCatalogue {
  const byId = new Map<string, CatalogueModel>();
  const add = (id: string, from: CatalogueModel["knownFrom"][number]) => {
    let entry = byId.get(id);
    if (!entry) {
      const deprecatedWords = SDK_DEPRECATED_MODELS[id];
      entry = {
        id,
        displayName: displayNameFromId(id),
        line: lineFromId(id),
        lifecycle: deprecatedWords ? "deprecated" : "active",
        retiresOn: deprecatedWords ? sdkEndOfLifeDate(deprecatedWords) : null,
        knownFrom: [],
        available: null,
        price: null,
        priceSource: null,
      };
      byId.set(id, entry);
    }
    if (!entry.knownFrom.includes(from)) entry.knownFrom.push(from);
    return entry;
  };

  for (const id of SDK_MODEL_IDS) add(id, "sdk");

  const accountModels = options.accountModels ?? null;
  if (accountModels) {
    const listed = new Set<string>();
    for (const info of accountModels) {
      const entry = add(info.id, "models-api");
      listed.add(info.id);
      entry.displayName = info.display_name || entry.displayName;
      entry.line = info.line ?? entry.line;
      entry.lifecycle = info.lifecycle;
      entry.retiresOn = info.retires_at ? info.retires_at.slice(0, 10) : entry.retiresOn;
      entry.available = info.lifecycle !== "retired";
    }
    for (const entry of byId.values()) {
      if (!listed.has(entry.id)) entry.available = false;
    }
  }

  for (const entry of byId.values()) {
    const published = PUBLISHED_PRICES.find((price) => price.model === canonicalModelId(entry.id));
    if (published) {
      entry.price = { ...published, model: entry.id };
      entry.priceSource = "published";
      if (!entry.knownFrom.includes("models-api")) entry.displayName = published.displayName;
    }
  }
  const applyOverrides = (overrides: ModelPriceOverrides | undefined, source: PriceSource) => {
    for (const [id, override] of Object.entries(overrides ?? {})) {
      const entry = byId.get(id) ?? add(id, "override");
      entry.price = { ...priceFromOverride(id, override, entry.displayName), model: id };
      entry.priceSource = source;
      if (override.displayName) entry.displayName = override.displayName;
    }
  };
  applyOverrides(options.installPrices, "install");
  applyOverrides(options.workspacePrices, "workspace");

  return {
    models: [...byId.values()],
    defaultModel: options.defaultModel ?? SDK_DEFAULT_MODEL,
    fromModelsApi: accountModels !== null,
    prices: {
      source: PUBLISHED_PRICES_SOURCE,
      checkedOn: PUBLISHED_PRICES_CHECKED_ON,
      installOverrides: Object.keys(options.installPrices ?? {}).length,
      workspaceOverrides: Object.keys(options.workspacePrices ?? {}).length,
    },
  };
}

/** The catalogue's entry for a model id, a dated snapshot falling back to its family's entry. */
export function findCatalogueModel(
  catalogue: ModelCatalogue,
  model: string,
): CatalogueModel | undefined {
  return (
    catalogue.models.find((entry) => entry.id === model) ??
    catalogue.models.find((entry) => entry.id === canonicalModelId(model))
  );
}

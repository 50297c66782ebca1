// Decides, before anything is stored or sent, whether a batch or a single generation may use a
// model: a retired model, or one the account's Models API does not list, is refused with the
// reason; a model with no known price needs the caller's explicit "cost unknown" confirmation;
// a deprecated model is allowed with a warning that gives its end-of-life date.
import { AppError } from "../errors/app-error.ts";
import type { ModelPrice } from "../pricing/model-prices.ts";
import { type CatalogueModel, findCatalogueModel, type ModelCatalogue } from "./model-catalogue.ts";

export interface ModelChoice {
  model: string;
  displayName: string;
  /** Null only when the caller confirmed that the cost is unknown. */
  price: ModelPrice | null;
  costUnknown: boolean;
  /** For the user: a deprecated model's end of life. */
  warnings: string[];
}

export interface CheckModelChoiceOptions {
  /** The caller confirmed launching a model with no known price. */
  acceptUnknownCost?: boolean;
  /** How the confirmation is given where the caller is (a CLI flag, a checkbox). */
  confirmHint?: string;
}

function alternatives(catalogue: ModelCatalogue): string {
  const usable = catalogue.models
    .filter((entry) => entry.lifecycle === "active" && entry.available !== false && entry.price)
    .slice(0, 6)
    .map((entry) => entry.id);
  return `Choose one of: ${usable.join(", ")} (default ${catalogue.defaultModel}).`;
}

export function deprecationWarning(entry: CatalogueModel): string | null {
  if (entry.lifecycle !== "deprecated") return null;
  const when = entry.retiresOn ? ` on ${entry.retiresOn}` : "";
  const passed =
    entry.retiresOn && entry.retiresOn < new Date().toISOString().slice(0, 10)
      ? " (that date has passed: it can stop answering at any time)"
      : "";
  return `${entry.displayName} (${entry.id}) is deprecated and reaches end of life${when}${passed}; move to a current model.`;
}

export function checkModelChoice(
  catalogue: ModelCatalogue,
  model: string,
  options: CheckModelChoiceOptions = {},
): ModelChoice {
  const entry = findCatalogueModel(catalogue, model);
  if (!entry) {
    throw new AppError(
      "BAD_REQUEST",
      `Model "${model}" is not a Claude model the installed SDK or this account's Models API knows. ${alternatives(catalogue)}`,
      { model, reason: "unknown_model" },
    );
  }
  if (entry.lifecycle === "retired") {
    const when = entry.retiresOn ? ` on ${entry.retiresOn}` : "";
    throw new AppError(
      "BAD_REQUEST",
      `${entry.displayName} (${model}) was retired${when}: requests naming it fail. ${alternatives(catalogue)}`,
      { model, reason: "retired" },
    );
  }
  if (entry.available === false) {
    throw new AppError(
      "BAD_REQUEST",
      `${entry.displayName} (${model}) is not available to this account: the Models API does not list it. ${alternatives(catalogue)}`,
      { model, reason: "unavailable" },
    );
  }
  if (!entry.price && !options.acceptUnknownCost) {
    throw new AppError(
      "BAD_REQUEST",
      `No price is known for ${entry.displayName} (${model}), so its cost cannot be estimated or capped. Confirm that the cost is unknown${options.confirmHint ? ` (${options.confirmHint})` : ""}, or add its price (PARLEY_MODEL_PRICES, or the workspace's model prices).`,
      { model, reason: "unpriced" },
    );
  }
  const warning = deprecationWarning(entry);
  return {
    model,
    displayName: entry.displayName,
    price: entry.price,
    costUnknown: !entry.price,
    warnings: warning ? [warning] : [],
  };
}

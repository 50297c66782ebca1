// Public API of models: the catalogue (SDK models, the Models API, published and overridden
// prices), the default model, and the check every launch goes through.
export {
  type CheckModelChoiceOptions,
  checkModelChoice,
  deprecationWarning,
  type ModelChoice,
} from "./check-model-choice.ts";
export { type ListAccountModelsOptions, listAccountModels } from "./list-account-models.ts";
export {
  type BuildModelCatalogueOptions,
  buildModelCatalogue,
  type CatalogueModel,
  displayNameFromId,
  findCatalogueModel,
  type ModelCatalogue,
  type ModelInfo,
  type ModelLifecycle,
  type PriceSource,
  SDK_DEFAULT_MODEL,
} from "./model-catalogue.ts";
export {
  type ModelPriceOverride,
  type ModelPriceOverrides,
  modelPriceOverridesSchema,
  parseModelPriceOverrides,
} from "./model-price-overrides.ts";
export {
  PUBLISHED_PRICES,
  PUBLISHED_PRICES_CHECKED_ON,
  PUBLISHED_PRICES_SOURCE,
} from "./published-prices.ts";
export { SDK_DEPRECATED_MODELS, SDK_MODEL_IDS, sdkEndOfLifeDate } from "./sdk-models.ts";

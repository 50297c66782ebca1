// The model catalogue as a workspace sees it: the SDK's models, the account's Models API answer
// the worker stored, the install's prices (the worker's PARLEY_MODEL_PRICES, and the CLI's own),
// and the workspace's prices, which its admins set and which win over the install's.
import { type Database, findProviderModelList, findWorkspace } from "@parley/db";
import {
  buildModelCatalogue,
  type CheckModelChoiceOptions,
  checkModelChoice,
  type ModelCatalogue,
  type ModelChoice,
  type ModelInfo,
  type ModelPriceOverrides,
  modelPriceOverridesSchema,
} from "@parley/generation";

export interface LoadModelCatalogueOptions {
  workspaceId: string;
  /** Whether generation runs on the simulator: its model list, not the real account's. */
  simulated: boolean;
  /** Prices this process read from its own PARLEY_MODEL_PRICES (the CLI). */
  installPrices?: ModelPriceOverrides;
}

/** A stored price map, or none when it no longer parses (a hand-edited row). */
function storedPrices(value: unknown): ModelPriceOverrides {
  const parsed = modelPriceOverridesSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}

export async function loadModelCatalogue(
  db: Database,
  options: LoadModelCatalogueOptions,
): Promise<ModelCatalogue> {
  const [list, workspace] = await Promise.all([
    findProviderModelList(db, { provider: options.simulated ? "simulated" : "anthropic" }),
    findWorkspace(db, { workspaceId: options.workspaceId }),
  ]);
  return buildModelCatalogue({
    accountModels: (list?.models as ModelInfo[] | undefined) ?? null,
    installPrices: { ...storedPrices(list?.installPrices), ...options.installPrices },
    workspacePrices: storedPrices(workspace?.settings.modelPrices),
  });
}

export interface ResolveModelChoiceOptions extends LoadModelCatalogueOptions {
  /** The model asked for; the catalogue's default when unset. */
  model?: string | undefined;
  acceptUnknownCost?: boolean | undefined;
  confirmHint?: CheckModelChoiceOptions["confirmHint"];
}

/** The catalogue and the checked choice of model: refuses retired, unknown and unconfirmed unpriced models. */
export async function resolveModelChoice(
  db: Database,
  options: ResolveModelChoiceOptions,
): Promise<{ catalogue: ModelCatalogue; choice: ModelChoice }> {
  const catalogue = await loadModelCatalogue(db, options);
  const choice = checkModelChoice(catalogue, options.model ?? catalogue.defaultModel, {
    acceptUnknownCost: options.acceptUnknownCost === true,
    ...(options.confirmHint ? { confirmHint: options.confirmHint } : {}),
  });
  return { catalogue, choice };
}

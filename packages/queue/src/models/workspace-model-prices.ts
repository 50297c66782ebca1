// A workspace's own model prices (admins set them in Settings → Models): stored in the
// workspace's settings as model id → prices per million tokens; they win over the install's.
import { type Database, updateWorkspace } from "@parley/db";
import { AppError, type ModelPriceOverrides, modelPriceOverridesSchema } from "@parley/generation";

/** Replaces the workspace's prices; an empty map removes them. Returns what is stored. */
export async function setWorkspaceModelPrices(
  db: Database,
  options: { workspaceId: string; prices: ModelPriceOverrides },
): Promise<ModelPriceOverrides> {
  const prices = modelPriceOverridesSchema.parse(options.prices);
  const empty = Object.keys(prices).length === 0;
  const workspace = await updateWorkspace(db, {
    workspaceId: options.workspaceId,
    settings: { modelPrices: empty ? null : prices },
  });
  if (!workspace) throw AppError.notFound("Workspace", options.workspaceId);
  return prices;
}

// The model catalogue for the wizard, single generation and Settings → Models: every model with
// its lifecycle, end of life, availability to the account and price (and where the price comes
// from, with the date Anthropic's prices were checked). Admins set the workspace's own prices.
import { modelPriceOverridesSchema } from "@parley/generation";
import { loadModelCatalogue, setWorkspaceModelPrices } from "@parley/queue";
import { z } from "zod";
import { adminProcedure, router, workspaceProcedure } from "../trpc.ts";

export const modelsRouter = router({
  list: workspaceProcedure.query(({ ctx }) =>
    loadModelCatalogue(ctx.db, { workspaceId: ctx.workspace.id, simulated: ctx.simulated }),
  ),

  setWorkspacePrices: adminProcedure
    .input(z.object({ prices: modelPriceOverridesSchema }))
    .mutation(({ ctx, input }) =>
      setWorkspaceModelPrices(ctx.db, { workspaceId: ctx.workspace.id, prices: input.prices }),
    ),
});

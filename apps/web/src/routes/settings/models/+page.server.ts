// Settings → Models: the catalogue with prices and their source, and (for owners and admins) the
// workspace's own prices as JSON. A form action, so SvelteKit's origin check guards the change;
// the API checks the role and the prices.
import { fail } from "@sveltejs/kit";
import { TRPCError } from "@trpc/server";
import { apiCaller } from "#lib/server/caller.ts";
import type { Actions, PageServerLoad } from "./$types";

export const load = (async (event) => {
  const catalogue = await apiCaller(event).models.list();
  const workspacePrices = Object.fromEntries(
    catalogue.models
      .filter((model) => model.priceSource === "workspace" && model.price)
      .map((model) => [
        model.id,
        {
          inputPerMTok: model.price?.inputPerMTok,
          outputPerMTok: model.price?.outputPerMTok,
          cacheWritePerMTok: model.price?.cacheWritePerMTok,
          cacheReadPerMTok: model.price?.cacheReadPerMTok,
          batchMultiplier: model.price?.batchMultiplier,
        },
      ]),
  );
  return { catalogue, workspacePrices: JSON.stringify(workspacePrices, null, 2) };
}) satisfies PageServerLoad;

export const actions = {
  prices: async (event) => {
    const text = String((await event.request.formData()).get("prices") ?? "").trim();
    let prices: unknown;
    try {
      prices = text === "" ? {} : JSON.parse(text);
    } catch (error) {
      return fail(400, {
        error: `The prices are not valid JSON: ${(error as Error).message}`,
        text,
      });
    }
    try {
      await apiCaller(event).models.setWorkspacePrices({ prices: prices as never });
      return { saved: true };
    } catch (error) {
      if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") {
        return fail(error.code === "FORBIDDEN" ? 403 : 400, { error: error.message, text });
      }
      throw error;
    }
  },
} satisfies Actions;

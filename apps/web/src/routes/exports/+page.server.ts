import { apiCaller } from "#lib/server/caller.ts";
import type { PageServerLoad } from "./$types";

export const load = (async (event) => {
  const api = apiCaller(event);
  const [exports, batches, hubToken] = await Promise.all([
    api.export.list(),
    api.batch.list({ limit: 100 }),
    api.settings.hubToken.status(),
  ]);
  return {
    exports,
    batches: batches.map(({ id, name }) => ({ id, name })),
    hubTokenSet: hubToken.set,
  };
}) satisfies PageServerLoad;

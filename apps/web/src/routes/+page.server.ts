import { apiCaller } from "#lib/server/caller.ts";
import type { PageServerLoad } from "./$types";

export const load = (async (event) => {
  const api = apiCaller(event);
  const [batches, templates] = await Promise.all([
    api.batch.list({ limit: 25 }),
    api.scaffolding.templates.list(),
  ]);
  return {
    batches,
    templates: templates.map(({ id, name, version, tier }) => ({ id, name, version, tier })),
  };
}) satisfies PageServerLoad;

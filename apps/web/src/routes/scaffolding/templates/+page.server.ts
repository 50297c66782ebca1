import { apiCaller } from "#lib/server/caller.ts";
import type { PageServerLoad } from "./$types";

export const load = (async (event) => {
  const includeRetired = event.url.searchParams.get("retired") === "1";
  return {
    includeRetired,
    templates: await apiCaller(event).scaffolding.templates.list({ includeRetired }),
  };
}) satisfies PageServerLoad;

import { apiCaller } from "#lib/server/caller.ts";
import type { PageServerLoad } from "./$types";

export const load = (async (event) => ({
  batches: await apiCaller(event).batch.list({ limit: 25 }),
})) satisfies PageServerLoad;

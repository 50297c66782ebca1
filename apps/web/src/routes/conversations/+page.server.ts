import { apiCaller } from "#lib/server/caller.ts";
import type { PageServerLoad } from "./$types";

export const load = (async (event) => ({
  conversations: await apiCaller(event).conversation.list({ limit: 100 }),
})) satisfies PageServerLoad;

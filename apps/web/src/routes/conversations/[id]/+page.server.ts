import { error } from "@sveltejs/kit";
import { apiCaller } from "#lib/server/caller.ts";
import type { PageServerLoad } from "./$types";

export const load = (async (event) => {
  try {
    return {
      conversation: await apiCaller(event).conversation.get({ conversationId: event.params.id }),
    };
  } catch {
    error(404, "This conversation does not exist in your workspace.");
  }
}) satisfies PageServerLoad;

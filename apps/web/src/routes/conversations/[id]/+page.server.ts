import { error } from "@sveltejs/kit";
import { apiCaller } from "#lib/server/caller.ts";
import type { PageServerLoad } from "./$types";

export const load = (async (event) => {
  const api = apiCaller(event);
  try {
    const [detail, options] = await Promise.all([
      api.conversation.get({ conversationId: event.params.id }),
      api.conversation.filterOptions(),
    ]);
    return { detail, options };
  } catch {
    error(404, "This conversation does not exist in your workspace.");
  }
}) satisfies PageServerLoad;

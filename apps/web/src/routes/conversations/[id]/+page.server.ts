import { error } from "@sveltejs/kit";
import { apiCaller } from "#lib/server/caller.ts";
import type { PageServerLoad } from "./$types";

/** tRPC errors carry a code; a missing (or malformed) id is a 404, anything else a 500. */
function statusOf(caught: unknown): number {
  const code = (caught as { code?: unknown } | null)?.code;
  return code === "NOT_FOUND" || code === "BAD_REQUEST" ? 404 : code === "FORBIDDEN" ? 403 : 500;
}

export const load = (async (event) => {
  const api = apiCaller(event);
  try {
    const [detail, options, source] = await Promise.all([
      api.conversation.get({ conversationId: event.params.id }),
      api.conversation.filterOptions(),
      api.documents.conversationSource({ conversationId: event.params.id }),
    ]);
    return { detail, options, source };
  } catch (caught) {
    const status = statusOf(caught);
    if (status === 404) error(404, "This conversation does not exist in your workspace.");
    error(
      status,
      caught instanceof Error ? caught.message : "The conversation could not be loaded.",
    );
  }
}) satisfies PageServerLoad;

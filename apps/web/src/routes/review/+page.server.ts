import { parseConversationQuery } from "#lib/conversation-query.ts";
import { apiCaller } from "#lib/server/caller.ts";
import type { PageServerLoad } from "./$types";

export const load = (async (event) => {
  const api = apiCaller(event);
  // Oldest first unless asked otherwise, so nothing waits forever.
  const query = parseConversationQuery(event.url.searchParams, {
    sort: { by: "created", direction: "asc" },
  });
  const [options, result] = await Promise.all([
    api.conversation.filterOptions(),
    api.review
      .queue({
        filters: query.filters,
        sort: query.sort,
        limit: 50,
        cursor: query.cursor,
        before: query.before,
      })
      .then((queue) => ({ queue, error: null }))
      .catch((error: unknown) => ({
        queue: null,
        error: error instanceof Error ? error.message : "The review queue could not be loaded.",
      })),
  ]);
  return { options, ...result, filters: query.filters, sort: query.sort };
}) satisfies PageServerLoad;

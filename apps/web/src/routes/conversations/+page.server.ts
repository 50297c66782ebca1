import { parseConversationQuery } from "#lib/conversation-query.ts";
import { apiCaller } from "#lib/server/caller.ts";
import type { PageServerLoad } from "./$types";

const PAGE_SIZE = 50;

export const load = (async (event) => {
  const api = apiCaller(event);
  const query = parseConversationQuery(event.url.searchParams, {
    sort: { by: "created", direction: "desc" },
  });
  const [options, result] = await Promise.all([
    api.conversation.filterOptions(),
    api.conversation
      .list({
        filters: query.filters,
        sort: query.sort,
        limit: PAGE_SIZE,
        cursor: query.cursor,
        before: query.before,
      })
      .then((page) => ({ page, error: null }))
      .catch((error: unknown) => ({
        page: null,
        error: error instanceof Error ? error.message : "The conversations could not be loaded.",
      })),
  ]);
  return { options, ...result, sort: query.sort, filtered: Object.keys(query.filters).length > 0 };
}) satisfies PageServerLoad;

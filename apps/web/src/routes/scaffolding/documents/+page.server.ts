import { apiCaller } from "#lib/server/caller.ts";
import type { PageServerLoad } from "./$types";

export const load = (async (event) => {
  const { documents } = apiCaller(event);
  const selected = event.url.searchParams.get("document");
  const [list, opened] = await Promise.all([
    documents.list(),
    selected ? documents.chunks({ documentId: selected }).catch(() => null) : null,
  ]);
  return { documents: list, opened };
}) satisfies PageServerLoad;

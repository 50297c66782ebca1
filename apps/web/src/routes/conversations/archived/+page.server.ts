import { apiCaller } from "#lib/server/caller.ts";
import type { PageServerLoad } from "./$types";

export const load = (async (event) => {
  const api = apiCaller(event);
  const search = event.url.searchParams.get("q")?.trim().slice(0, 200) || undefined;
  const page = await api.archive.list({
    ...(search ? { search } : {}),
    limit: 50,
    cursor: event.url.searchParams.get("after"),
    before: event.url.searchParams.get("before"),
  });
  return { page, search: search ?? "" };
}) satisfies PageServerLoad;

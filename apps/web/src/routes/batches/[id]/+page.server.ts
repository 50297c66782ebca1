import { error } from "@sveltejs/kit";
import { apiCaller } from "#lib/server/caller.ts";
import type { PageServerLoad } from "./$types";

export const load = (async (event) => {
  const api = apiCaller(event);
  try {
    const [progress, settings, conversations, reviewSample] = await Promise.all([
      api.batch.progress({ batchId: event.params.id }),
      api.batch.settings({ batchId: event.params.id }),
      api.conversation.list({ filters: { batchId: event.params.id }, limit: 200 }),
      api.reviewSample.latest({ batchId: event.params.id }),
    ]);
    return { progress, settings, conversations, reviewSample };
  } catch {
    error(404, "This batch does not exist in your workspace.");
  }
}) satisfies PageServerLoad;

import { error } from "@sveltejs/kit";
import { apiCaller } from "#lib/server/caller.ts";
import type { PageServerLoad } from "./$types";

export const load = (async (event) => {
  const api = apiCaller(event);
  const batchId = event.params.id;
  try {
    const [progress, sample, history] = await Promise.all([
      api.batch.progress({ batchId }),
      api.reviewSample.latest({ batchId }),
      api.reviewSample.history({ batchId }),
    ]);
    return {
      batch: { id: batchId, name: progress.name, finished: progress.finished },
      sample,
      history,
    };
  } catch {
    error(404, "This batch does not exist in your workspace.");
  }
}) satisfies PageServerLoad;

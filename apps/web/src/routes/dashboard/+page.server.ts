import { apiCaller } from "#lib/server/caller.ts";
import type { PageServerLoad } from "./$types";

export const load = (async (event) => {
  const api = apiCaller(event);
  const [batches, spend, quality, backlog, gaps] = await Promise.all([
    api.batch.list({ limit: 5 }),
    api.dashboard.spend({ days: 30 }),
    api.dashboard.quality(),
    api.dashboard.backlog(),
    api.dashboard.coverageGaps({ minApproved: 3, limit: 15 }),
  ]);
  return { batches, spend, quality, backlog, gaps };
}) satisfies PageServerLoad;

import { redirect } from "@sveltejs/kit";
import type { PageServerLoad } from "./$types";

export const load = (async ({ locals, url }) => {
  if (locals.api.user) redirect(303, "/");
  return { redirectTo: url.searchParams.get("redirectTo") };
}) satisfies PageServerLoad;

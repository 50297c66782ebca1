// Sign-out is a form POST (SvelteKit checks its origin), never a link a page could embed.
import { redirect } from "@sveltejs/kit";
import { getAuth } from "#lib/server/auth.ts";
import type { Actions, PageServerLoad } from "./$types";

export const load = (() => redirect(303, "/")) satisfies PageServerLoad;

export const actions = {
  default: async ({ request }) => {
    const auth = await getAuth();
    // The sveltekitCookies plugin clears the session cookie on this response.
    await auth.api.signOut({ headers: request.headers });
    redirect(303, "/sign-in");
  },
} satisfies Actions;

// An invitation link: shows what it offers and joins the workspace on accept (a form POST, so
// SvelteKit's origin check applies). Signed-out visitors are sent to sign in and back here.
import { error, redirect } from "@sveltejs/kit";
import { TRPCError } from "@trpc/server";
import { rememberWorkspace } from "#lib/server/active-workspace.ts";
import { apiCaller } from "#lib/server/caller.ts";
import type { Actions, PageServerLoad } from "./$types";

export const load = (async (event) => {
  try {
    const invitation = await apiCaller(event).workspace.invitation({ token: event.params.token });
    return { invitation, email: event.locals.api.user?.email ?? "" };
  } catch (cause) {
    if (cause instanceof TRPCError && cause.code !== "INTERNAL_SERVER_ERROR") {
      error(cause.code === "NOT_FOUND" ? 404 : 400, cause.message);
    }
    throw cause;
  }
}) satisfies PageServerLoad;

export const actions = {
  default: async (event) => {
    let workspaceId: string;
    try {
      ({ workspaceId } = await apiCaller(event).workspace.acceptInvitation({
        token: event.params.token,
      }));
    } catch (cause) {
      if (cause instanceof TRPCError && cause.code !== "INTERNAL_SERVER_ERROR") {
        return { error: cause.message };
      }
      throw cause;
    }
    rememberWorkspace(event.cookies, workspaceId);
    redirect(303, "/");
  },
} satisfies Actions;

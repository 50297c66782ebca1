// The header's workspace switcher posts here; the choice is kept in a cookie, and only a
// workspace the user belongs to is accepted (hooks.server.ts checks it again on every request).
import { error, redirect } from "@sveltejs/kit";
import { rememberWorkspace } from "#lib/server/active-workspace.ts";
import type { Actions, PageServerLoad } from "./$types";

export const load = (() => redirect(303, "/")) satisfies PageServerLoad;

export const actions = {
  default: async ({ request, locals, cookies }) => {
    const form = await request.formData();
    const workspaceId = String(form.get("workspaceId") ?? "");
    if (!locals.workspaces.some((workspace) => workspace.id === workspaceId)) {
      error(403, "You are not a member of that workspace.");
    }
    rememberWorkspace(cookies, workspaceId);
    redirect(303, "/");
  },
} satisfies Actions;

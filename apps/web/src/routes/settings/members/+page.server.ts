// The members page: who is in the workspace, and (for owners and admins) invitations by link,
// role changes and removals. Form actions, so SvelteKit's origin check guards every change; the
// API enforces who may do what.
import { MEMBERSHIP_ROLES, type MembershipRole } from "@parley/db";
import { fail } from "@sveltejs/kit";
import { TRPCError } from "@trpc/server";
import { apiCaller } from "#lib/server/caller.ts";
import type { Actions, PageServerLoad } from "./$types";

export const load = (async (event) => ({
  members: await apiCaller(event).workspace.members(),
})) satisfies PageServerLoad;

function roleOf(value: FormDataEntryValue | null): MembershipRole | null {
  return MEMBERSHIP_ROLES.find((role) => role === value) ?? null;
}

/** An API refusal as a message on the page, instead of an error page. */
async function attempt<T>(action: string, work: () => Promise<T>) {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") {
      return fail(error.code === "FORBIDDEN" ? 403 : 400, { action, error: error.message });
    }
    throw error;
  }
}

export const actions = {
  invite: async (event) => {
    const form = await event.request.formData();
    const email = String(form.get("email") ?? "").trim();
    const role = roleOf(form.get("role"));
    if (!email || !role)
      return fail(400, { action: "invite", error: "Enter an email and a role." });
    return attempt("invite", async () => {
      const invitation = await apiCaller(event).workspace.invite({ email, role });
      return {
        action: "invite",
        invited: {
          email: invitation.email,
          role: invitation.role,
          link: new URL(`/invite/${invitation.token}`, event.url.origin).href,
        },
      };
    });
  },
  changeRole: async (event) => {
    const form = await event.request.formData();
    const role = roleOf(form.get("role"));
    const userId = String(form.get("userId") ?? "");
    if (!role || !userId) return fail(400, { action: "changeRole", error: "Choose a role." });
    return attempt("changeRole", async () => {
      await apiCaller(event).workspace.changeRole({ userId, role });
      return { action: "changeRole" };
    });
  },
  remove: async (event) => {
    const form = await event.request.formData();
    const userId = String(form.get("userId") ?? "");
    return attempt("remove", async () => {
      await apiCaller(event).workspace.removeMember({ userId });
      return { action: "remove" };
    });
  },
  revoke: async (event) => {
    const form = await event.request.formData();
    const invitationId = String(form.get("invitationId") ?? "");
    return attempt("revoke", async () => {
      await apiCaller(event).workspace.revokeInvitation({ invitationId });
      return { action: "revoke" };
    });
  },
} satisfies Actions;

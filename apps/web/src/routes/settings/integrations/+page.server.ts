// Integrations: the workspace's HuggingFace write token and Hub address. Form actions, so the token
// goes from the form to the API on the server and SvelteKit's origin check guards every change; no
// action ever sends the token back, and the API only says whether one is set and how it ends.
import { hasRole } from "@parley/api";
import { fail } from "@sveltejs/kit";
import { TRPCError } from "@trpc/server";
import { apiCaller } from "#lib/server/caller.ts";
import type { Actions, PageServerLoad } from "./$types";

export const load = (async (event) => {
  const api = apiCaller(event);
  const [hubToken, hubEndpoint] = await Promise.all([
    api.settings.hubToken.status(),
    api.settings.hubEndpoint.get(),
  ]);
  const role = event.locals.activeWorkspace?.role;
  return { hubToken, hubEndpoint, mayManage: role ? hasRole(role, "admin") : false };
}) satisfies PageServerLoad;

/** An API refusal as a message on the page (never echoing what was typed), not an error page. */
async function attempt<T>(action: string, work: () => Promise<T>) {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") {
      const message =
        error.code === "BAD_REQUEST" && action === "setToken"
          ? "That is not a HuggingFace token: it starts with hf_ followed by letters and digits."
          : error.code === "BAD_REQUEST" && action === "setEndpoint"
            ? "Enter an http:// or https:// address, or leave it empty for huggingface.co."
            : error.message;
      return fail(error.code === "FORBIDDEN" ? 403 : 400, { action, error: message });
    }
    throw error;
  }
}

export const actions = {
  setToken: async (event) => {
    const token = String((await event.request.formData()).get("token") ?? "").trim();
    if (!token) return fail(400, { action: "setToken", error: "Paste a HuggingFace write token." });
    return attempt("setToken", async () => {
      await apiCaller(event).settings.hubToken.set({ token });
      return { action: "setToken", saved: true };
    });
  },
  clearToken: async (event) =>
    attempt("clearToken", async () => {
      await apiCaller(event).settings.hubToken.clear();
      return { action: "clearToken", saved: true };
    }),
  setEndpoint: async (event) => {
    const endpoint = String((await event.request.formData()).get("endpoint") ?? "").trim();
    return attempt("setEndpoint", async () => {
      await apiCaller(event).settings.hubEndpoint.set({ endpoint: endpoint || null });
      return { action: "setEndpoint", saved: true };
    });
  },
} satisfies Actions;

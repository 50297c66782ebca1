import { serverEnv } from "#lib/server/env.ts";
import type { LayoutServerLoad } from "./$types";

// `locals` is unset when the error page renders for a request whose hook failed.
export const load = (async ({ locals }) => ({
  user: locals.api?.user ?? null,
  workspace: locals.activeWorkspace ?? null,
  workspaces: (locals.workspaces ?? []).map(({ id, name, role }) => ({ id, name, role })),
  simulated: serverEnv().providerSimulated,
})) satisfies LayoutServerLoad;

import { serverEnv } from "#lib/server/env.ts";
import type { LayoutServerLoad } from "./$types";

export const load = (async ({ locals }) => ({
  workspace: locals.api.workspace,
  simulated: serverEnv().providerSimulated,
})) satisfies LayoutServerLoad;

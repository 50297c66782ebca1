// Runs before every request: attaches the API context (services and the caller's workspace).
import { createApiContext } from "@parley/api";
import { ensureDefaultWorkspace } from "@parley/db";
import type { Handle } from "@sveltejs/kit/hooks";
import { getServices } from "#lib/server/services.ts";

let defaultWorkspace: Promise<{ id: string; name: string }> | undefined;

export const handle: Handle = async ({ event, resolve }) => {
  if (event.url.pathname === "/healthz") return new Response("ok");
  const services = await getServices();
  defaultWorkspace ??= ensureDefaultWorkspace(services.db).then(({ workspace }) => ({
    id: workspace.id,
    name: workspace.name,
  }));
  event.locals.api = createApiContext(services, { workspace: await defaultWorkspace, user: null });
  return resolve(event);
};

// Runs before every request: better-auth's own routes (/api/auth/*), then the caller — the
// signed-in user from the session cookie and the workspace they act in, verified against their
// memberships — as the API context. Visitors who are not signed in are sent to /sign-in.
import { createApiContext, createSignedInContext } from "@parley/api";
import type { RequestEvent } from "@sveltejs/kit";
import type { Handle } from "@sveltejs/kit/hooks";
import { svelteKitHandler } from "better-auth/svelte-kit";
import { requestedWorkspaceId } from "#lib/server/active-workspace.ts";
import { CLIENT_IP_HEADER, getAuth } from "#lib/server/auth.ts";
import { getServices } from "#lib/server/services.ts";
import { building } from "$app/env";

/** Pages anyone may open; everything else needs a session. */
const PUBLIC_PAGES = ["/sign-in", "/sign-up"];

function isPublic(pathname: string): boolean {
  return PUBLIC_PAGES.some((page) => pathname === page || pathname.startsWith(`${page}/`));
}

/** The request better-auth sees: the connecting address in the one header it trusts. */
function withClientAddress(event: RequestEvent): Request {
  const headers = new Headers(event.request.headers);
  let address = "";
  try {
    address = event.getClientAddress();
  } catch {
    // No address (e.g. prerendering): better-auth falls back to one shared bucket.
  }
  if (address) headers.set(CLIENT_IP_HEADER, address);
  else headers.delete(CLIENT_IP_HEADER);
  return new Request(event.request, { headers });
}

export const handle: Handle = async ({ event, resolve }) => {
  if (event.url.pathname === "/healthz") return new Response("ok");
  const [services, auth] = await Promise.all([getServices(), getAuth()]);

  if (event.url.pathname.startsWith("/api/auth/")) {
    return svelteKitHandler({
      auth,
      event: { ...event, request: withClientAddress(event), url: event.url },
      resolve: () => resolve(event),
      building,
    });
  }

  const session = await auth.api.getSession({ headers: event.request.headers });
  if (session) {
    const user = { id: session.user.id, email: session.user.email, name: session.user.name };
    const { context, workspaces, active } = await createSignedInContext(services, {
      user,
      sessionId: session.session.id,
      requestedWorkspaceId: requestedWorkspaceId(event.request, event.cookies),
    });
    event.locals.api = context;
    event.locals.workspaces = workspaces;
    event.locals.activeWorkspace = active;
  } else {
    event.locals.api = createApiContext(services, { user: null, workspace: null });
    event.locals.workspaces = [];
    event.locals.activeWorkspace = null;
  }

  const { pathname, search } = event.url;
  if (!session && !isPublic(pathname) && !pathname.startsWith("/api/")) {
    const target = `${pathname}${search}`;
    const location =
      target === "/" ? "/sign-in" : `/sign-in?redirectTo=${encodeURIComponent(target)}`;
    return new Response(null, { status: 303, headers: { location } });
  }
  return resolve(event);
};

// The tRPC endpoint: every query, mutation and live subscription of the app goes through here.
// Its context is the caller hooks.server.ts resolved from the session; mutations from other
// origins are refused before they reach a procedure (the session cookie would ride along).
import { appRouter } from "@parley/api";
import { error, type RequestHandler } from "@sveltejs/kit";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { isCrossOriginWrite } from "#lib/server/same-origin.ts";

const handle: RequestHandler = (event) => {
  if (isCrossOriginWrite(event.request, event.url.origin)) {
    error(403, "Cross-origin requests to the API are not allowed.");
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: event.request,
    router: appRouter,
    createContext: () => event.locals.api,
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") {
        console.error(`[web] ${path ?? "trpc"} failed:`, error.cause ?? error);
      }
    },
  });
};

export const GET = handle;
export const POST = handle;

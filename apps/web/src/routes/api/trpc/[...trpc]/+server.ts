// The tRPC endpoint: every query, mutation and live subscription of the app goes through here.
import { appRouter } from "@parley/api";
import type { RequestHandler } from "@sveltejs/kit";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

const handle: RequestHandler = (event) =>
  fetchRequestHandler({
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

export const GET = handle;
export const POST = handle;

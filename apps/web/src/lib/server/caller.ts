// Server-side calls into the same tRPC router the browser uses (no HTTP round trip).
import { appRouter, createCallerFactory } from "@parley/api";
import type { RequestEvent } from "@sveltejs/kit";

const createCaller = createCallerFactory(appRouter);

export function apiCaller(event: Pick<RequestEvent, "locals">) {
  return createCaller(event.locals.api);
}

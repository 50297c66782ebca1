// All tRPC plumbing in one place: the context every procedure sees, the error shape (one AppError
// → tRPC code map, flattened zod errors for forms), and the procedure builders routers use.
import { isAppError } from "@parley/generation";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z } from "zod";
import type { ApiContext } from "./context.ts";
import { toTRPCError } from "./errors.ts";

const t = initTRPC.context<ApiContext>().create({
  // Dates and other rich values survive the trip to the browser.
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        // Never ship stack traces to the browser.
        stack: undefined,
        zodError: cause instanceof z.ZodError ? z.flattenError(cause) : null,
        appCode: isAppError(cause) ? cause.code : null,
      },
    };
  },
  // Keep idle live-progress streams alive through proxies, and let the client notice a dead one.
  sse: {
    ping: { enabled: true, intervalMs: 10_000 },
    client: { reconnectAfterInactivityMs: 25_000 },
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Turns failures into errors a user can act on, once, for every procedure: domain errors keep
 * their code and message, bad input gets a readable list of problems, and anything unexpected
 * becomes a generic 500 that does not leak internals.
 */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const { error } = result;
  if (isAppError(error.cause)) throw toTRPCError(error.cause);
  if (error.code === "BAD_REQUEST" && error.cause instanceof z.ZodError) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: z.prettifyError(error.cause),
      cause: error.cause,
    });
  }
  if (error.code === "INTERNAL_SERVER_ERROR") throw toTRPCError(error.cause ?? error);
  return result;
});

export const publicProcedure = t.procedure.use(mapErrors);

/** A procedure that acts inside the caller's workspace; every query it makes is scoped by it. */
export const workspaceProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.workspace) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  }
  return next({ ctx: { ...ctx, workspace: ctx.workspace } });
});

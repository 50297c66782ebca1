// All tRPC plumbing in one place: the context every procedure sees, the error shape (one AppError
// → tRPC code map, flattened zod errors for forms), and the procedure builders routers use.
import { findMembership, type MembershipRole } from "@parley/db";
import { isAppError } from "@parley/generation";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z } from "zod";
import type { ApiContext } from "./context.ts";
import { toTRPCError } from "./errors.ts";
import { findUnstorableText } from "./storable-text.ts";

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
  if (result.ok) {
    if (!isAsyncIterable(result.data)) return result;
    return { ...result, data: mapStreamErrors(result.data) };
  }
  const { error } = result;
  if (isAppError(error.cause)) throw toTRPCError(error.cause);
  if (error.code === "BAD_REQUEST" && error.cause instanceof z.ZodError) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: readableIssues(error.cause),
      cause: error.cause,
    });
  }
  if (error.code === "INTERNAL_SERVER_ERROR") throw toTRPCError(error.cause ?? error);
  return result;
});

/** The first problems of a bad input, readably: 10 000 bad array items make one short message. */
const SHOWN_ISSUES = 10;
/** A message that quotes what was sent (a name, a key) is cut, so a huge value stays out of it. */
const ISSUE_MESSAGE_MAX = 300;
function readableIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, SHOWN_ISSUES).map((issue) => ({
    ...issue,
    message:
      issue.message.length > ISSUE_MESSAGE_MAX
        ? `${issue.message.slice(0, ISSUE_MESSAGE_MAX)}…`
        : issue.message,
  }));
  const text = z.prettifyError(new z.ZodError(shown));
  const more = error.issues.length - shown.length;
  if (more <= 0) return text;
  return `${text}\n… and ${more} more problem${more === 1 ? "" : "s"} of the same kind.`;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}

/**
 * A subscription's errors are thrown while it streams, after the middleware above has returned:
 * without this, a domain error there ("Batch … was not found") reached the client as a 500.
 */
async function* mapStreamErrors(stream: AsyncIterable<unknown>): AsyncGenerator<unknown> {
  try {
    return yield* stream;
  } catch (error) {
    throw isAppError(error) ? toTRPCError(error) : error;
  }
}

/**
 * Refuses text Postgres cannot store (storable-text.ts) before the procedure reads its input; after
 * the gates, so a caller who may not call it at all hears that first, as with any other bad input.
 */
const refuseUnstorableText = t.middleware(async ({ getRawInput, next }) => {
  const path = findUnstorableText(await getRawInput());
  if (path) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: `${path} contains a character that cannot be saved (a NUL character or a broken emoji / surrogate pair); remove it and try again.`,
    });
  }
  return next();
});

const baseProcedure = t.procedure.use(mapErrors);

/** A procedure anyone may call, signed in or not. */
export const publicProcedure = baseProcedure.use(refuseUnstorableText);

/** Lets only signed-in callers through, narrowing `ctx.user` to non-null. */
const signedInProcedure = baseProcedure.use(({ ctx, next }) => {
  if (!ctx.user) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  }
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/**
 * Acts inside the caller's workspace; every query a procedure makes is scoped by it. The
 * workspace in the context is only what the request asked for: the membership is looked up here,
 * on every call, and its role is what the role-gated builders below check.
 */
const memberProcedure = signedInProcedure.use(async ({ ctx, next }) => {
  if (!ctx.workspace) {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: "You are not a member of any workspace. Ask an admin for an invitation link.",
    });
  }
  const membership = await findMembership(ctx.db, {
    workspaceId: ctx.workspace.id,
    userId: ctx.user.id,
  });
  if (!membership) {
    throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of this workspace." });
  }
  return next({ ctx: { ...ctx, workspace: ctx.workspace, role: membership.role } });
});

/** A procedure for any signed-in user, whether or not they belong to a workspace. */
export const protectedProcedure = signedInProcedure.use(refuseUnstorableText);
/** A procedure that acts inside the caller's workspace, for any of its members (see memberProcedure). */
export const workspaceProcedure = memberProcedure.use(refuseUnstorableText);

/** Each role can do everything the roles below it can (see the matrix in ARCHITECTURE.md). */
const ROLE_RANK: Record<MembershipRole, number> = { viewer: 0, reviewer: 1, admin: 2, owner: 3 };

export function hasRole(role: MembershipRole, atLeast: MembershipRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[atLeast];
}

const ROLE_NEEDED: Record<MembershipRole, string> = {
  viewer: "a member of this workspace",
  reviewer: "a reviewer, admin or owner",
  admin: "an admin or owner",
  owner: "an owner",
};

/** A workspace procedure for members holding `atLeast` or a higher role. */
export function roleProcedure(atLeast: MembershipRole) {
  return memberProcedure
    .use(({ ctx, next }) => {
      if (!hasRole(ctx.role, atLeast)) {
        throw new TRPCError({
          code: "FORBIDDEN",
          message: `Only ${ROLE_NEEDED[atLeast]} can do this; your role here is ${ctx.role}.`,
        });
      }
      return next();
    })
    .use(refuseUnstorableText);
}

/** Content work: reviewing, editing, regenerating one conversation. */
export const reviewerProcedure = roleProcedure("reviewer");
/** Spending and shaping: batches and their controls, exports, scaffolding, members. */
export const adminProcedure = roleProcedure("admin");

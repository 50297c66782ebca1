// A live stream outlives the request that opened it: the membership and session checked then may
// be gone minutes later. watchLiveAccess re-checks them every few seconds and ends the stream
// with an error the page can show once the caller is removed from the workspace or signed out.
import { findMembership, isSessionActive } from "@parley/db";
import { TRPCError } from "@trpc/server";
import type { ApiContext } from "./context.ts";

const DEFAULT_CHECK_MS = 2_000;

export interface LiveAccess {
  /** Aborts when the stream's caller goes, or when `signal` (the client hanging up) does. */
  signal: AbortSignal;
  /** Throws the reason the caller lost access, if they did; call once the stream has stopped. */
  throwIfLost(): void;
  stop(): void;
}

type LiveContext = Pick<ApiContext, "db" | "user" | "sessionId" | "liveAccessCheckMs"> & {
  workspace: { id: string };
};

/** Why the caller may no longer watch, or null while they still may. */
async function accessLost(ctx: LiveContext): Promise<TRPCError | null> {
  if (ctx.sessionId && !(await isSessionActive(ctx.db, { sessionId: ctx.sessionId }))) {
    return new TRPCError({
      code: "UNAUTHORIZED",
      message: "Your session has ended; sign in again to keep following this page.",
    });
  }
  const membership = ctx.user
    ? await findMembership(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.user.id })
    : undefined;
  if (!membership) {
    return new TRPCError({
      code: "FORBIDDEN",
      message: "You no longer have access to this workspace, so live updates have stopped.",
    });
  }
  return null;
}

export function watchLiveAccess(ctx: LiveContext, signal: AbortSignal): LiveAccess {
  const controller = new AbortController();
  let lost: TRPCError | null = null;
  let checking = false;
  const stopOnClientAbort = () => controller.abort();
  signal.addEventListener("abort", stopOnClientAbort, { once: true });
  const timer = setInterval(async () => {
    if (checking || controller.signal.aborted) return;
    checking = true;
    try {
      lost = await accessLost(ctx);
      if (lost) controller.abort();
    } catch {
      // A failed check (the database restarting) is not a lost membership: try again next tick.
    } finally {
      checking = false;
    }
  }, ctx.liveAccessCheckMs ?? DEFAULT_CHECK_MS);
  const stop = () => {
    clearInterval(timer);
    signal.removeEventListener("abort", stopOnClientAbort);
  };
  return {
    signal: controller.signal,
    throwIfLost() {
      if (lost) throw lost;
    },
    stop,
  };
}

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

type Verdict = Promise<TRPCError | null>;
// Per database (tests open several), per session, workspace and user: the latest check and when
// it was sent. Streams of one caller share it instead of each querying every tick.
const recentChecks = new WeakMap<
  LiveContext["db"],
  Map<string, { sentAt: number; verdict: Verdict }>
>();

/**
 * accessLost, shared by every stream of the same caller: a check sent less than `maxAgeMs` ago
 * answers for all of them (200 open streams were 200 session and membership reads a tick).
 */
function sharedAccessLost(ctx: LiveContext, maxAgeMs: number): Verdict {
  let checks = recentChecks.get(ctx.db);
  if (!checks) {
    checks = new Map();
    recentChecks.set(ctx.db, checks);
  }
  const key = `${ctx.sessionId ?? ""}/${ctx.workspace.id}/${ctx.user?.id ?? ""}`;
  const now = Date.now();
  const recent = checks.get(key);
  if (recent && now - recent.sentAt < maxAgeMs) return recent.verdict;
  const check = { sentAt: now, verdict: accessLost(ctx) };
  checks.set(key, check);
  const forget = () => {
    if (checks.get(key) === check) checks.delete(key);
  };
  // A failed check is forgotten at once so the next tick tries again; an answer once it is stale.
  check.verdict.then(() => setTimeout(forget, maxAgeMs).unref(), forget);
  return check.verdict;
}

export function watchLiveAccess(ctx: LiveContext, signal: AbortSignal): LiveAccess {
  const controller = new AbortController();
  let lost: TRPCError | null = null;
  let checking = false;
  const stopOnClientAbort = () => controller.abort();
  signal.addEventListener("abort", stopOnClientAbort, { once: true });
  const checkMs = ctx.liveAccessCheckMs ?? DEFAULT_CHECK_MS;
  const timer = setInterval(async () => {
    if (checking || controller.signal.aborted) return;
    checking = true;
    try {
      lost = await sharedAccessLost(ctx, checkMs / 2);
      if (lost) controller.abort();
    } catch {
      // A failed check (the database restarting) is not a lost membership: try again next tick.
    } finally {
      checking = false;
    }
  }, checkMs);
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

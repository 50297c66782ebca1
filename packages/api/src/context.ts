// What every procedure receives: the database, the queue, the live-progress hub, and who is
// calling (the signed-in user, null when anonymous, and the workspace they act in). The
// workspace is only a claim until a procedure builder in trpc.ts has checked the membership.
import type { Database, SecretCipher } from "@parley/db";
import {
  ensureUserWorkspace,
  firstWorkspaceName,
  listWorkspacesForUser,
  type MembershipRole,
} from "@parley/db";
import type { ProgressHub, Queue, SimulatorTiming } from "@parley/queue";

export interface WorkspaceRef {
  id: string;
  name: string;
}

export interface UserRef {
  id: string;
  email: string;
  name: string;
}

/** One of the caller's workspaces, with the role they hold in it. */
export interface MemberWorkspace extends WorkspaceRef {
  slug: string;
  role: MembershipRole;
}

export interface ApiServices {
  db: Database;
  queue: Queue;
  progress: ProgressHub;
  /** Whether generation runs on the simulated provider (no API key configured). */
  simulated: boolean;
  /** The simulated server's timing (PARLEY_SIM_*), so estimates match it; unset for Claude. */
  simulator?: SimulatorTiming;
  /** Seals workspace secrets as they are saved; the web server always has one (tests that save none may not). */
  secrets?: SecretCipher;
  /** How often a live stream re-checks that its caller may still see it; default 2 s. */
  liveAccessCheckMs?: number;
}

export interface ApiContext extends ApiServices {
  workspace: WorkspaceRef | null;
  user: UserRef | null;
  /** The better-auth session the request came with, which live streams re-check as they run. */
  sessionId?: string | null;
}

export function createApiContext(
  services: ApiServices,
  caller: { workspace: WorkspaceRef | null; user: UserRef | null; sessionId?: string | null },
): ApiContext {
  return { ...services, ...caller };
}

export interface SignedInCaller {
  user: UserRef;
  sessionId?: string | null;
  /** The workspace a cookie or header asked for; only honoured when the user is a member. */
  requestedWorkspaceId?: string | null;
}

/**
 * The context of a signed-in request: the workspaces the user belongs to, and the active one —
 * the requested workspace if they are a member of it, else their oldest membership. A user who
 * belongs to none and never had one (the sign-up hook failed after better-auth created them)
 * gets their first workspace here, so nobody is stranded on "No workspace".
 */
export async function createSignedInContext(
  services: ApiServices,
  caller: SignedInCaller,
): Promise<{ context: ApiContext; workspaces: MemberWorkspace[]; active: MemberWorkspace | null }> {
  let rows = await listWorkspacesForUser(services.db, { userId: caller.user.id });
  if (rows.length === 0) {
    await ensureUserWorkspace(services.db, {
      userId: caller.user.id,
      name: firstWorkspaceName(caller.user.name),
    });
    // Listed again even when this request made nothing: a concurrent one may just have.
    rows = await listWorkspacesForUser(services.db, { userId: caller.user.id });
  }
  const workspaces = rows.map((row) => ({
    id: row.id,
    name: row.name,
    slug: row.slug,
    role: row.role,
  }));
  const active =
    workspaces.find((workspace) => workspace.id === caller.requestedWorkspaceId) ??
    workspaces[0] ??
    null;
  const context = createApiContext(services, {
    user: caller.user,
    workspace: active ? { id: active.id, name: active.name } : null,
    sessionId: caller.sessionId ?? null,
  });
  return { context, workspaces, active };
}

// What every procedure receives: the database, the queue, the live-progress hub, and who is
// calling (the signed-in user, null when anonymous, and the workspace they act in). The
// workspace is only a claim until a procedure builder in trpc.ts has checked the membership.
import type { Database } from "@parley/db";
import { listWorkspacesForUser, type MembershipRole } from "@parley/db";
import type { ProgressHub, Queue } from "@parley/queue";

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
}

export interface ApiContext extends ApiServices {
  workspace: WorkspaceRef | null;
  user: UserRef | null;
}

export function createApiContext(
  services: ApiServices,
  caller: { workspace: WorkspaceRef | null; user: UserRef | null },
): ApiContext {
  return { ...services, ...caller };
}

export interface SignedInCaller {
  user: UserRef;
  /** The workspace a cookie or header asked for; only honoured when the user is a member. */
  requestedWorkspaceId?: string | null;
}

/**
 * The context of a signed-in request: the workspaces the user belongs to, and the active one —
 * the requested workspace if they are a member of it, else their oldest membership.
 */
export async function createSignedInContext(
  services: ApiServices,
  caller: SignedInCaller,
): Promise<{ context: ApiContext; workspaces: MemberWorkspace[]; active: MemberWorkspace | null }> {
  const rows = await listWorkspacesForUser(services.db, { userId: caller.user.id });
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
  });
  return { context, workspaces, active };
}

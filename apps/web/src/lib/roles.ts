// What the signed-in member may do, for hiding or disabling controls the API would refuse. The
// API is the authority (packages/api trpc.ts hasRole, same ranks); this only keeps the page from
// offering a button that can only fail.
export type WorkspaceRole = "owner" | "admin" | "reviewer" | "viewer";

const RANK: Record<WorkspaceRole, number> = { viewer: 0, reviewer: 1, admin: 2, owner: 3 };

export function roleAtLeast(
  role: WorkspaceRole | null | undefined,
  atLeast: WorkspaceRole,
): boolean {
  return role !== null && role !== undefined && RANK[role] >= RANK[atLeast];
}

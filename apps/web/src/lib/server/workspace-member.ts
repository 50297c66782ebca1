// For +server.ts routes that serve workspace data outside tRPC (file downloads): the same check
// as the API's workspaceProcedure — a signed-in user who is a member of the active workspace.
import { findMembership, type MembershipRole } from "@parley/db";
import { error } from "@sveltejs/kit";

export async function requireWorkspaceMember(
  locals: App.Locals,
): Promise<{ id: string; name: string; role: MembershipRole }> {
  const { user, workspace, db } = locals.api;
  if (!user) error(401, "Sign in to continue.");
  if (!workspace) error(403, "You are not a member of any workspace.");
  const membership = await findMembership(db, { workspaceId: workspace.id, userId: user.id });
  if (!membership) error(403, "You are not a member of this workspace.");
  return { id: workspace.id, name: workspace.name, role: membership.role };
}

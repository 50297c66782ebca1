// Workspaces and who is in them: the caller's workspaces (for the switcher), the members page
// (invite by link, change roles, remove), and accepting an invitation link.
import {
  acceptInvitation,
  createInvitation,
  findMembership,
  findOpenInvitationByTokenHash,
  isRepositoryError,
  listInvitations,
  listMemberships,
  listWorkspacesForUser,
  MEMBERSHIP_ROLES,
  type MembershipRole,
  removeMembership,
  revokeInvitation,
  updateMembershipRole,
} from "@parley/db";
import { AppError } from "@parley/generation";
import { z } from "zod";
import {
  createInvitationToken,
  hashInvitationToken,
  INVITATION_TTL_MS,
} from "../invitation-tokens.ts";
import {
  adminProcedure,
  hasRole,
  protectedProcedure,
  router,
  workspaceProcedure,
} from "../trpc.ts";

const role = z.enum(MEMBERSHIP_ROLES);
const token = z.string().min(20).max(200);
/** better-auth ids are 32 characters; anything much longer is not a member's id. */
const userId = z.string().min(1).max(100, "That is not a member's id");

/** Admins manage reviewers, viewers and other admins; only an owner grants or takes away "owner". */
function assertMayAssign(
  callerRole: MembershipRole,
  from: MembershipRole | null,
  to: MembershipRole | null,
) {
  if ((from === "owner" || to === "owner") && callerRole !== "owner") {
    throw new AppError("FORBIDDEN", "Only an owner can make someone an owner or change an owner.");
  }
}

/** The last-owner guard of the repository, as an error the members page can show. */
async function guardLastOwner<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isRepositoryError(error, "last_owner")) throw new AppError("CONFLICT", error.message);
    throw error;
  }
}

export const workspaceRouter = router({
  /** The workspaces the caller belongs to, oldest first, with their role in each. */
  mine: protectedProcedure.query(async ({ ctx }) => {
    const rows = await listWorkspacesForUser(ctx.db, { userId: ctx.user.id });
    return rows.map((row) => ({ id: row.id, name: row.name, role: row.role }));
  }),

  /** Everyone in the active workspace; open invitations only for those who may manage them. */
  members: workspaceProcedure.query(async ({ ctx }) => {
    const mayManage = hasRole(ctx.role, "admin");
    const [members, invitations] = await Promise.all([
      listMemberships(ctx.db, { workspaceId: ctx.workspace.id }),
      mayManage ? listInvitations(ctx.db, { workspaceId: ctx.workspace.id }) : [],
    ]);
    return {
      myRole: ctx.role,
      myUserId: ctx.user.id,
      mayManage,
      members: members.map((member) => ({
        userId: member.userId,
        name: member.userName,
        email: member.userEmail,
        role: member.role,
        since: member.createdAt,
      })),
      invitations: invitations.map((invitation) => ({
        id: invitation.id,
        email: invitation.email,
        role: invitation.role,
        expiresAt: invitation.expiresAt,
      })),
    };
  }),

  /** Creates an invitation and returns its token once (the link is shown to copy, not emailed). */
  invite: adminProcedure
    .input(z.object({ email: z.email().trim().toLowerCase(), role }))
    .mutation(async ({ ctx, input }) => {
      assertMayAssign(ctx.role, null, input.role);
      const { token, tokenHash } = createInvitationToken();
      const invitation = await createInvitation(ctx.db, {
        workspaceId: ctx.workspace.id,
        email: input.email,
        role: input.role,
        tokenHash,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
        invitedBy: ctx.user.id,
      });
      return { id: invitation.id, email: invitation.email, role: invitation.role, token };
    }),

  revokeInvitation: adminProcedure
    .input(z.object({ invitationId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      const revoked = await revokeInvitation(ctx.db, {
        workspaceId: ctx.workspace.id,
        invitationId: input.invitationId,
      });
      if (!revoked) throw AppError.notFound("Open invitation", input.invitationId);
      return { revoked };
    }),

  changeRole: adminProcedure.input(z.object({ userId, role })).mutation(async ({ ctx, input }) => {
    const member = await findMembership(ctx.db, {
      workspaceId: ctx.workspace.id,
      userId: input.userId,
    });
    if (!member) throw AppError.notFound("Member", input.userId);
    assertMayAssign(ctx.role, member.role, input.role);
    const updated = await guardLastOwner(() =>
      updateMembershipRole(ctx.db, { workspaceId: ctx.workspace.id, ...input }),
    );
    return { userId: input.userId, role: updated?.role ?? input.role };
  }),

  removeMember: adminProcedure.input(z.object({ userId })).mutation(async ({ ctx, input }) => {
    const member = await findMembership(ctx.db, {
      workspaceId: ctx.workspace.id,
      userId: input.userId,
    });
    if (!member) throw AppError.notFound("Member", input.userId);
    assertMayAssign(ctx.role, member.role, null);
    await guardLastOwner(() =>
      removeMembership(ctx.db, { workspaceId: ctx.workspace.id, userId: input.userId }),
    );
    return { removed: true };
  }),

  /** What an invitation link offers, before the signed-in user accepts it. */
  invitation: protectedProcedure.input(z.object({ token })).query(async ({ ctx, input }) => {
    const invitation = await findOpenInvitationByTokenHash(ctx.db, {
      tokenHash: hashInvitationToken(input.token),
    });
    if (!invitation) {
      throw new AppError(
        "NOT_FOUND",
        "This invitation link is not valid any more (used, revoked or expired). Ask for a new one.",
      );
    }
    return {
      workspaceName: invitation.workspaceName,
      email: invitation.email,
      role: invitation.role,
      forYou: invitation.email.toLowerCase() === ctx.user.email.toLowerCase(),
    };
  }),

  /** Joins the workspace; the link only works for the address it was made for. */
  acceptInvitation: protectedProcedure
    .input(z.object({ token }))
    .mutation(async ({ ctx, input }) => {
      const tokenHash = hashInvitationToken(input.token);
      const open = await findOpenInvitationByTokenHash(ctx.db, { tokenHash });
      if (!open) {
        throw new AppError(
          "NOT_FOUND",
          "This invitation link is not valid any more (used, revoked or expired). Ask for a new one.",
        );
      }
      if (open.email.toLowerCase() !== ctx.user.email.toLowerCase()) {
        throw new AppError(
          "FORBIDDEN",
          `This invitation is for ${open.email}; sign in with that address to accept it.`,
        );
      }
      const accepted = await acceptInvitation(ctx.db, { tokenHash, userId: ctx.user.id });
      if (!accepted) throw AppError.notFound("Invitation");
      return { workspaceId: accepted.membership.workspaceId, role: accepted.membership.role };
    }),
});

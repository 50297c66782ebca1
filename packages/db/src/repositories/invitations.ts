// Invitations to a workspace. Only a hash of the emailed token is stored; accepting one creates
// the membership in the same transaction that closes the invitation.
import type { Kysely } from "kysely";
import type { MembershipRole } from "../column-values.ts";
import type { DB, Invitation, Membership } from "../schema.ts";
import { withTransaction } from "../transaction.ts";

export interface CreateInvitationOptions {
  workspaceId: string;
  email: string;
  role: MembershipRole;
  tokenHash: string;
  expiresAt: Date;
  invitedBy?: string | null;
}

/** Creates an invitation; an earlier open invitation to the same address is revoked. */
export async function createInvitation(
  db: Kysely<DB>,
  options: CreateInvitationOptions,
): Promise<Invitation> {
  return withTransaction(db, async (trx) => {
    await trx
      .updateTable("invitations")
      .set({ revokedAt: new Date() })
      .where("workspaceId", "=", options.workspaceId)
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", options.email.toLowerCase()))
      .where("acceptedAt", "is", null)
      .where("revokedAt", "is", null)
      .execute();
    return trx
      .insertInto("invitations")
      .values({
        workspaceId: options.workspaceId,
        email: options.email,
        role: options.role,
        tokenHash: options.tokenHash,
        expiresAt: options.expiresAt,
        invitedBy: options.invitedBy ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** Open invitations first, newest first; accepted, revoked and expired ones only if asked. */
export function listInvitations(
  db: Kysely<DB>,
  options: { workspaceId: string; includeClosed?: boolean },
): Promise<Invitation[]> {
  return db
    .selectFrom("invitations")
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .$if(!options.includeClosed, (qb) =>
      qb
        .where("acceptedAt", "is", null)
        .where("revokedAt", "is", null)
        .where("expiresAt", ">", new Date()),
    )
    .orderBy("createdAt", "desc")
    .execute();
}

export type InvitationWithWorkspace = Invitation & { workspaceName: string };

/** The invitation a link points to, if it can still be accepted. */
export function findOpenInvitationByTokenHash(
  db: Kysely<DB>,
  options: { tokenHash: string },
): Promise<InvitationWithWorkspace | undefined> {
  return db
    .selectFrom("invitations")
    .innerJoin("workspaces", "workspaces.id", "invitations.workspaceId")
    .selectAll("invitations")
    .select("workspaces.name as workspaceName")
    .where("invitations.tokenHash", "=", options.tokenHash)
    .where("invitations.acceptedAt", "is", null)
    .where("invitations.revokedAt", "is", null)
    .where("invitations.expiresAt", ">", new Date())
    .executeTakeFirst();
}

/**
 * Accepts an open invitation for a signed-in user. An existing member keeps their role.
 * Undefined when the invitation is unknown, used, revoked or expired.
 */
export async function acceptInvitation(
  db: Kysely<DB>,
  options: { tokenHash: string; userId: string },
): Promise<{ invitation: Invitation; membership: Membership } | undefined> {
  return withTransaction(db, async (trx) => {
    const invitation = await trx
      .selectFrom("invitations")
      .selectAll()
      .where("tokenHash", "=", options.tokenHash)
      .where("acceptedAt", "is", null)
      .where("revokedAt", "is", null)
      .where("expiresAt", ">", new Date())
      .forUpdate()
      .executeTakeFirst();
    if (!invitation) return undefined;

    const accepted = await trx
      .updateTable("invitations")
      .set({ acceptedAt: new Date(), acceptedBy: options.userId })
      .where("id", "=", invitation.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("memberships")
      .values({
        workspaceId: invitation.workspaceId,
        userId: options.userId,
        role: invitation.role,
      })
      .onConflict((oc) => oc.columns(["workspaceId", "userId"]).doNothing())
      .execute();
    const membership = await trx
      .selectFrom("memberships")
      .selectAll()
      .where("workspaceId", "=", invitation.workspaceId)
      .where("userId", "=", options.userId)
      .executeTakeFirstOrThrow();
    return { invitation: accepted, membership };
  });
}

export async function revokeInvitation(
  db: Kysely<DB>,
  options: { workspaceId: string; invitationId: string },
): Promise<boolean> {
  const result = await db
    .updateTable("invitations")
    .set({ revokedAt: new Date() })
    .where("id", "=", options.invitationId)
    .where("workspaceId", "=", options.workspaceId)
    .where("acceptedAt", "is", null)
    .where("revokedAt", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

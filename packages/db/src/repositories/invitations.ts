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
      .set({ revoked_at: new Date() })
      .where("workspace_id", "=", options.workspaceId)
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", options.email.toLowerCase()))
      .where("accepted_at", "is", null)
      .where("revoked_at", "is", null)
      .execute();
    return trx
      .insertInto("invitations")
      .values({
        workspace_id: options.workspaceId,
        email: options.email,
        role: options.role,
        token_hash: options.tokenHash,
        expires_at: options.expiresAt,
        invited_by: options.invitedBy ?? null,
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
    .where("workspace_id", "=", options.workspaceId)
    .$if(!options.includeClosed, (qb) =>
      qb
        .where("accepted_at", "is", null)
        .where("revoked_at", "is", null)
        .where("expires_at", ">", new Date()),
    )
    .orderBy("created_at", "desc")
    .execute();
}

export type InvitationWithWorkspace = Invitation & { workspace_name: string };

/** The invitation a link points to, if it can still be accepted. */
export function findOpenInvitationByTokenHash(
  db: Kysely<DB>,
  options: { tokenHash: string },
): Promise<InvitationWithWorkspace | undefined> {
  return db
    .selectFrom("invitations")
    .innerJoin("workspaces", "workspaces.id", "invitations.workspace_id")
    .selectAll("invitations")
    .select("workspaces.name as workspace_name")
    .where("invitations.token_hash", "=", options.tokenHash)
    .where("invitations.accepted_at", "is", null)
    .where("invitations.revoked_at", "is", null)
    .where("invitations.expires_at", ">", new Date())
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
      .where("token_hash", "=", options.tokenHash)
      .where("accepted_at", "is", null)
      .where("revoked_at", "is", null)
      .where("expires_at", ">", new Date())
      .forUpdate()
      .executeTakeFirst();
    if (!invitation) return undefined;

    const accepted = await trx
      .updateTable("invitations")
      .set({ accepted_at: new Date(), accepted_by: options.userId })
      .where("id", "=", invitation.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("memberships")
      .values({
        workspace_id: invitation.workspace_id,
        user_id: options.userId,
        role: invitation.role,
      })
      .onConflict((oc) => oc.columns(["workspace_id", "user_id"]).doNothing())
      .execute();
    const membership = await trx
      .selectFrom("memberships")
      .selectAll()
      .where("workspace_id", "=", invitation.workspace_id)
      .where("user_id", "=", options.userId)
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
    .set({ revoked_at: new Date() })
    .where("id", "=", options.invitationId)
    .where("workspace_id", "=", options.workspaceId)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

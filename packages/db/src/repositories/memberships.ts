// Who belongs to a workspace and in which role. A workspace always keeps at least one owner.
import type { Kysely, Transaction } from "kysely";
import type { MembershipRole } from "../column-values.ts";
import { RepositoryError } from "../repository-error.ts";
import type { DB, Membership } from "../schema.ts";
import { withTransaction } from "../transaction.ts";

/** Adds a member, or changes the role of an existing one. */
export async function addMembership(
  db: Kysely<DB>,
  options: { workspaceId: string; userId: string; role: MembershipRole },
): Promise<Membership> {
  return withTransaction(db, async (trx) => {
    const existing = await findMembership(trx, options);
    if (existing) {
      if (existing.role !== options.role)
        await guardLastOwner(trx, options.workspaceId, existing, options.role);
      return trx
        .updateTable("memberships")
        .set({ role: options.role })
        .where("id", "=", existing.id)
        .returningAll()
        .executeTakeFirstOrThrow();
    }
    return trx
      .insertInto("memberships")
      .values({ workspaceId: options.workspaceId, userId: options.userId, role: options.role })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export function findMembership(
  db: Kysely<DB>,
  options: { workspaceId: string; userId: string },
): Promise<Membership | undefined> {
  return db
    .selectFrom("memberships")
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .where("userId", "=", options.userId)
    .executeTakeFirst();
}

export type MembershipWithUser = Membership & { userName: string; userEmail: string };

export function listMemberships(
  db: Kysely<DB>,
  options: { workspaceId: string },
): Promise<MembershipWithUser[]> {
  return db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.userId")
    .selectAll("memberships")
    .select(["users.name as userName", "users.email as userEmail"])
    .where("memberships.workspaceId", "=", options.workspaceId)
    .orderBy("memberships.createdAt")
    .execute();
}

/** Changes a member's role; undefined when they are not a member. */
export async function updateMembershipRole(
  db: Kysely<DB>,
  options: { workspaceId: string; userId: string; role: MembershipRole },
): Promise<Membership | undefined> {
  return withTransaction(db, async (trx) => {
    const existing = await findMembership(trx, options);
    if (!existing) return undefined;
    await guardLastOwner(trx, options.workspaceId, existing, options.role);
    return trx
      .updateTable("memberships")
      .set({ role: options.role })
      .where("id", "=", existing.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** Removes a member; false when they were not one. */
export async function removeMembership(
  db: Kysely<DB>,
  options: { workspaceId: string; userId: string },
): Promise<boolean> {
  return withTransaction(db, async (trx) => {
    const existing = await findMembership(trx, options);
    if (!existing) return false;
    await guardLastOwner(trx, options.workspaceId, existing, null);
    await trx.deleteFrom("memberships").where("id", "=", existing.id).execute();
    return true;
  });
}

/** Refuses to demote or remove the only owner. Locks the workspace row so two admins racing to
 * demote each other cannot both succeed. */
async function guardLastOwner(
  trx: Transaction<DB>,
  workspaceId: string,
  member: Membership,
  newRole: MembershipRole | null,
): Promise<void> {
  if (member.role !== "owner" || newRole === "owner") return;
  await trx
    .selectFrom("workspaces")
    .select("id")
    .where("id", "=", workspaceId)
    .forUpdate()
    .execute();
  const { owners } = await trx
    .selectFrom("memberships")
    .select((eb) => eb.fn.countAll<number>().as("owners"))
    .where("workspaceId", "=", workspaceId)
    .where("role", "=", "owner")
    .executeTakeFirstOrThrow();
  if (owners <= 1) {
    throw new RepositoryError(
      "last_owner",
      "A workspace needs at least one owner: make someone else an owner first",
    );
  }
}

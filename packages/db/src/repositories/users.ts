// Read access to better-auth's users, for the places that look people up outside a session
// (adding a member by email, the CLI, e2e seeding). better-auth itself writes these rows.
import type { Kysely } from "kysely";
import type { DB, User } from "../schema.ts";

export function findUser(db: Kysely<DB>, options: { userId: string }): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("id", "=", options.userId).executeTakeFirst();
}

/** Case-insensitive, as people type addresses however they like. */
export function findUserByEmail(
  db: Kysely<DB>,
  options: { email: string },
): Promise<User | undefined> {
  return db
    .selectFrom("users")
    .selectAll()
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", options.email.toLowerCase()))
    .executeTakeFirst();
}

/** Whether a better-auth session still stands: not signed out or revoked (row gone), not expired. */
export async function isSessionActive(
  db: Kysely<DB>,
  options: { sessionId: string },
): Promise<boolean> {
  const row = await db
    .selectFrom("sessions")
    .select("id")
    .where("id", "=", options.sessionId)
    .where("expiresAt", ">", new Date())
    .executeTakeFirst();
  return row !== undefined;
}

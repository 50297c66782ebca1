// Readable conversation ids (`fp_<persona>_<###>`, assigned by a trigger at insert): finding the
// conversation a readable id names, for the page route, the CLI and anything a person typed.
import type { Kysely } from "kysely";
import type { DB } from "../schema.ts";

/** The shape of a readable id; anything else is not looked up. */
export const READABLE_ID_PATTERN = /^fp_[a-z0-9_]+_\d{3,}$/;

/**
 * The conversation a readable id names in the workspace: its live version, or (all archived)
 * its newest one. A regeneration keeps its parent's readable id, so the id follows the chain.
 */
export async function findConversationIdByReadableId(
  db: Kysely<DB>,
  options: { workspaceId: string; readableId: string },
): Promise<string | undefined> {
  const readableId = options.readableId.trim().toLowerCase();
  if (!READABLE_ID_PATTERN.test(readableId)) return undefined;
  const row = await db
    .selectFrom("conversations")
    .select("id")
    .where("workspaceId", "=", options.workspaceId)
    .where("readableId", "=", readableId)
    // Live first (archived by hand counts as live here: it is the one a user knows), then newest.
    .orderBy((eb) =>
      eb
        .case()
        .when("archivedAt", "is not", null)
        .then(0)
        .when("status", "<>", "archived")
        .then(0)
        .else(1)
        .end(),
    )
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

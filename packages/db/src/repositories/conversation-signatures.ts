// Near-duplicate bookkeeping: each conversation's MinHash signature and LSH band keys, and the
// candidate lookup a new conversation is checked against. The MinHash maths lives in
// packages/generation; this module only stores keys and finds rows that share one.
import { type Kysely, sql, type Transaction } from "kysely";
import type { DB } from "../schema.ts";

export interface StoredSignature {
  signature: string;
  bandKeys: readonly number[];
}

export interface SignatureCandidate {
  conversationId: string;
  signature: string;
}

/** More candidates than this means the band keys are degenerate; the rest are not looked at. */
const MAX_CANDIDATES = 500;

/**
 * Live (not archived) conversations of the workspace that share at least one band key, oldest
 * first. Two index-driven steps: the GIN index on band_keys finds the sharing rows, then the
 * primary key checks which are live. (As one join, the planner misjudges how few rows `&&`
 * matches and scans every conversation of the workspace.)
 */
export async function findSignatureCandidates(
  db: Kysely<DB>,
  options: { workspaceId: string; bandKeys: readonly number[]; excludeConversationId?: string },
): Promise<SignatureCandidate[]> {
  if (options.bandKeys.length === 0) return [];
  const sharing = await db
    .selectFrom("conversation_signatures")
    .select(["conversationId", "signature"])
    .where("workspaceId", "=", options.workspaceId)
    .where(sql<boolean>`band_keys && ${sql.val([...options.bandKeys])}::integer[]`)
    .$if(options.excludeConversationId !== undefined, (qb) =>
      qb.where("conversationId", "<>", options.excludeConversationId ?? ""),
    )
    .limit(MAX_CANDIDATES)
    .execute();
  if (sharing.length === 0) return [];
  const live = await db
    .selectFrom("conversations")
    .select("id")
    .where("workspaceId", "=", options.workspaceId)
    .where(
      "id",
      "in",
      sharing.map((row) => row.conversationId),
    )
    .where("status", "<>", "archived")
    .orderBy("createdAt")
    .orderBy("id")
    .execute();
  const signatures = new Map(sharing.map((row) => [row.conversationId, row.signature]));
  return live.map((row) => ({ conversationId: row.id, signature: signatures.get(row.id) ?? "" }));
}

export async function insertConversationSignature(
  db: Kysely<DB>,
  options: { workspaceId: string; conversationId: string } & StoredSignature,
): Promise<void> {
  await db
    .insertInto("conversation_signatures")
    .values({
      workspaceId: options.workspaceId,
      conversationId: options.conversationId,
      signature: options.signature,
      bandKeys: [...options.bandKeys],
    })
    .onConflict((oc) => oc.column("conversationId").doNothing())
    .execute();
}

/**
 * Serialises near-duplicate checks within a workspace until the transaction ends, so two
 * identical conversations stored at the same moment cannot both miss each other.
 */
export async function lockWorkspaceForDedup(
  trx: Transaction<DB>,
  workspaceId: string,
): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`parley:dedup:${workspaceId}`}, 0))`.execute(
    trx,
  );
}

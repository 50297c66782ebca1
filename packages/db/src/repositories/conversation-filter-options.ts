// What the conversation filters can be set to: every persona, arc and topic of the workspace
// (retired ones too, since old conversations still refer to them) and the recent batches.
import type { Kysely } from "kysely";
import type { DB } from "../schema.ts";

export interface FilterOption {
  id: string;
  name: string;
  retired: boolean;
}

export interface ConversationFilterOptions {
  personas: FilterOption[];
  arcs: FilterOption[];
  topics: FilterOption[];
  batches: { id: string; name: string; createdAt: Date }[];
}

export async function listConversationFilterOptions(
  db: Kysely<DB>,
  options: { workspaceId: string; batchLimit?: number },
): Promise<ConversationFilterOptions> {
  const named = (table: "personas" | "emotional_arcs" | "training_topics") =>
    db
      .selectFrom(table)
      .select(["id", "name", "retiredAt"])
      .where("workspaceId", "=", options.workspaceId)
      .orderBy("name")
      .execute()
      .then((rows) =>
        rows.map((row) => ({ id: row.id, name: row.name, retired: row.retiredAt !== null })),
      );
  const [personas, arcs, topics, batches] = await Promise.all([
    named("personas"),
    named("emotional_arcs"),
    named("training_topics"),
    db
      .selectFrom("batch_jobs")
      .select(["id", "name", "createdAt"])
      .where("workspaceId", "=", options.workspaceId)
      .orderBy("createdAt", "desc")
      .orderBy("id", "desc")
      .limit(options.batchLimit ?? 100)
      .execute(),
  ]);
  return {
    personas,
    arcs,
    topics,
    batches: batches.map((batch) => ({
      id: batch.id,
      name: batch.name,
      createdAt: batch.createdAt,
    })),
  };
}

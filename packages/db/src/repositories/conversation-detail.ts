// Everything the conversation page shows in one call: the conversation with its turns and
// scaffolding, the review history with reviewer names, every turn edit, every provider call
// that produced it, its version chain and any regeneration on its way.
import type { Kysely } from "kysely";
import type { Conversation, DB, GenerationLog, TurnEdit } from "../schema.ts";
import { findLatestRegeneration, type Regeneration } from "./conversation-regenerations.ts";
import {
  type ConversationDetail,
  findConversation,
  listConversationVersions,
  listTurnEdits,
} from "./conversations.ts";
import { listGenerationLogs } from "./generation-logs.ts";

export interface ConversationPageDetail {
  conversation: ConversationDetail;
  reviewerNames: Record<string, string>;
  edits: TurnEdit[];
  logs: GenerationLog[];
  versions: Conversation[];
  regeneration: Regeneration | null;
}

export async function getConversationDetail(
  db: Kysely<DB>,
  options: { workspaceId: string; conversationId: string },
): Promise<ConversationPageDetail | undefined> {
  const conversation = await findConversation(db, options);
  if (!conversation) return undefined;
  const [edits, logs, versions, regeneration] = await Promise.all([
    listTurnEdits(db, options),
    listGenerationLogs(db, { ...options, limit: 200 }),
    listConversationVersions(db, options),
    findLatestRegeneration(db, options),
  ]);
  const people = [
    ...new Set(
      [
        ...conversation.reviews.map((r) => r.reviewerId),
        ...edits.map((e) => e.editorId),
        conversation.archivedBy,
      ].filter((id): id is string => id !== null),
    ),
  ];
  const users =
    people.length > 0
      ? await db.selectFrom("users").select(["id", "name"]).where("id", "in", people).execute()
      : [];
  return {
    conversation,
    reviewerNames: Object.fromEntries(users.map((user) => [user.id, user.name])),
    edits,
    // Oldest attempt first, the order they happened in.
    logs: logs.reverse(),
    versions,
    regeneration: regeneration ?? null,
  };
}

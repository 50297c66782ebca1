// Stores the result of a batch item: the conversation, its turns, the item marked succeeded
// and (by trigger) the batch counters, in one transaction. Idempotent, because a queue job can
// run twice: when the item already has a live conversation, that one is returned untouched.
import type { Kysely } from "kysely";
import { sql } from "kysely";
import { RepositoryError } from "../../repository-error.ts";
import type { BatchItem, Conversation, DB } from "../../schema.ts";
import { withTransaction } from "../../transaction.ts";
import {
  findSignatureCandidates,
  insertConversationSignature,
  lockWorkspaceForDedup,
  type SignatureCandidate,
  type StoredSignature,
} from "../conversation-signatures.ts";
import {
  type ConversationFields,
  insertConversationWithTurns,
  type NewTurn,
} from "../conversations.ts";
import { LeaseLostError } from "../item-leases.ts";
import { itemReferences } from "./item-references.ts";

/** What the generation produced; tier and scaffolding references come from the item itself. */
export type CompletedConversation = Omit<
  ConversationFields,
  "tier" | "personaId" | "arcId" | "topicId" | "edgeCaseId" | "sourceChunkId" | "promptTemplateId"
>;

export interface CompleteItemOptions {
  workspaceId: string;
  itemId: string;
  conversation: CompletedConversation;
  turns: readonly NewTurn[];
  /**
   * Checks the conversation against the workspace's live ones (this batch's included) and
   * stores its signature; `choose` picks the duplicated conversation among the candidates that
   * share a band key, or null. The conversation's duplicateOf is set from it.
   */
  nearDuplicates?: StoredSignature & {
    choose: (candidates: SignatureCandidate[]) => string | null;
    /**
     * Called after `choose`: fields that depend on how close the nearest stored conversation is
     * (the uniqueness dimension, and with it the score and status), which only this transaction
     * knows.
     */
    rescore?: () => Pick<CompletedConversation, "status" | "qualityScore" | "qualityDimensions">;
  };
  /**
   * The realtime claim's lease token: when another worker has taken the item over since, nothing
   * is written and LeaseLostError is thrown.
   */
  leaseToken?: string;
}

export interface CompleteItemResult {
  conversation: Conversation;
  /** False when the item already had a live conversation and nothing was written. */
  created: boolean;
}

export async function completeItem(
  db: Kysely<DB>,
  options: CompleteItemOptions,
): Promise<CompleteItemResult> {
  return withTransaction(db, async (trx) => {
    // The row lock serialises two runs of the same job: the second waits here, then sees the
    // first one's conversation below.
    const item = await trx
      .selectFrom("batch_items")
      .selectAll()
      .where("workspaceId", "=", options.workspaceId)
      .where("id", "=", options.itemId)
      .forUpdate()
      .executeTakeFirst();
    if (!item) throw new RepositoryError("not_found", "The batch item does not exist");
    const tier = item.tier;
    if (tier === null) {
      throw new RepositoryError(
        "invalid_input",
        "This item belongs to a prompts batch: its answer is stored with completePromptItem.",
      );
    }
    if (options.leaseToken !== undefined && item.leaseToken !== options.leaseToken) {
      throw new LeaseLostError("Another worker took this item over; its result is not stored.");
    }

    const existing = await trx
      .selectFrom("conversations")
      .selectAll()
      .where("batchItemId", "=", item.id)
      .where("status", "<>", "archived")
      .executeTakeFirst();
    if (existing) return { conversation: existing, created: false };

    // A regeneration item replaces a conversation: the new one continues its version chain and
    // the old one is archived in this same transaction, so the chain always has one live row.
    const parent = await lockRegeneratedConversation(trx, item);

    const dedup = options.nearDuplicates;
    let duplicateOf = options.conversation.duplicateOf ?? null;
    let rescored: ReturnType<NonNullable<NonNullable<typeof dedup>["rescore"]>> | undefined;
    if (dedup) {
      await lockWorkspaceForDedup(trx, options.workspaceId);
      const candidates = await findSignatureCandidates(trx, {
        workspaceId: options.workspaceId,
        bandKeys: dedup.bandKeys,
      });
      // Resembling the conversation it replaces is expected, not a duplicate.
      duplicateOf =
        dedup.choose(candidates.filter((c) => c.conversationId !== parent?.id)) ?? duplicateOf;
      rescored = dedup.rescore?.();
    }
    if (parent && parent.status !== "archived") {
      await trx
        .updateTable("conversations")
        .set({ status: "archived" })
        .where("id", "=", parent.id)
        .execute();
    }

    const conversation = await insertConversationWithTurns(
      trx,
      {
        workspaceId: options.workspaceId,
        batchId: item.batchId,
        batchItemId: item.id,
        parentId: parent?.id ?? null,
        version: parent ? parent.version + 1 : 1,
      },
      {
        ...options.conversation,
        ...rescored,
        duplicateOf,
        ...itemReferences(item),
        tier,
      },
      options.turns,
    );
    if (dedup) {
      await insertConversationSignature(trx, {
        workspaceId: options.workspaceId,
        conversationId: conversation.id,
        signature: dedup.signature,
        bandKeys: dedup.bandKeys,
      });
    }
    await trx
      .updateTable("batch_items")
      .set({
        status: "succeeded",
        conversationId: conversation.id,
        finishedAt: sql<Date>`now()`,
        lastError: null,
        errorCode: null,
      })
      .where("id", "=", item.id)
      .execute();
    // The item's provider calls were logged before the conversation existed.
    await trx
      .updateTable("generation_logs")
      .set({ conversationId: conversation.id })
      .where("batchItemId", "=", item.id)
      .where("conversationId", "is", null)
      .execute();
    return { conversation, created: true };
  });
}

/** The conversation a regeneration item replaces (`parameters.regenerationOf`), row-locked. */
async function lockRegeneratedConversation(
  trx: Kysely<DB>,
  item: BatchItem,
): Promise<Pick<Conversation, "id" | "status" | "version"> | undefined> {
  const parentId = item.parameters.regenerationOf;
  if (typeof parentId !== "string") return undefined;
  return trx
    .selectFrom("conversations")
    .select(["id", "status", "version"])
    .where("workspaceId", "=", item.workspaceId)
    .where("id", "=", parentId)
    .forUpdate()
    .executeTakeFirst();
}

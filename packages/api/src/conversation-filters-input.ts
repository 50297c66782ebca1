// The conversation filters as the API accepts them: one schema shared by the conversation list,
// the review queue and bulk review, so a filter in the URL means the same thing everywhere.
import { CONVERSATION_STATUSES, type ConversationFilters, TIERS } from "@parley/db";
import { z } from "zod";

export const conversationFiltersInput = z
  .object({
    statuses: z.array(z.enum(CONVERSATION_STATUSES)).max(CONVERSATION_STATUSES.length).optional(),
    tiers: z.array(z.enum(TIERS)).max(TIERS.length).optional(),
    personaIds: z.array(z.uuid()).max(100).optional(),
    arcIds: z.array(z.uuid()).max(100).optional(),
    topicIds: z.array(z.uuid()).max(100).optional(),
    batchId: z.uuid().optional(),
    minQuality: z.number().min(0).max(10).optional(),
    maxQuality: z.number().min(0).max(10).optional(),
    createdAfter: z.date().optional(),
    createdBefore: z.date().optional(),
    search: z.string().trim().max(200).optional(),
    humanEdited: z.boolean().optional(),
  })
  .refine(
    (filters) =>
      filters.minQuality === undefined ||
      filters.maxQuality === undefined ||
      filters.minQuality <= filters.maxQuality,
    { message: "The lowest quality must not be above the highest", path: ["minQuality"] },
  );

export type ConversationFiltersInput = z.infer<typeof conversationFiltersInput>;

/** Drops the empty search box so it does not count as a filter. */
export function toConversationFilters(input: ConversationFiltersInput): ConversationFilters {
  const { search, ...rest } = input;
  return search ? { ...rest, search } : rest;
}

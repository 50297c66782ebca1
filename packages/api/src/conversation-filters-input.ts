// The conversation filters as the API accepts them: one schema shared by the conversation list,
// the review queue and bulk review, so a filter in the URL means the same thing everywhere.
import { CONVERSATION_STATUSES, type ConversationFilters, TIERS } from "@parley/db";
import { LEVELS, SCORED_DIMENSIONS } from "@parley/generation";
import { z } from "zod";

/** A date Postgres can compare with (a year 200 000 would fail the query, not the input). */
const storableDate = z
  .date()
  .min(new Date("1900-01-01T00:00:00Z"), "Pick a date after 1900")
  .max(new Date("9999-12-31T23:59:59Z"), "Pick a date before the year 10 000");

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
    createdAfter: storableDate.optional(),
    createdBefore: storableDate.optional(),
    search: z.string().trim().max(200).optional(),
    humanEdited: z.boolean().optional(),
    dimensionBelow: z
      .object({
        dimension: z.enum(SCORED_DIMENSIONS, {
          error: `Pick a quality dimension: ${SCORED_DIMENSIONS.join(", ")}`,
        }),
        below: z
          .number({ error: "Give the score the dimension must be below, from 0 to 10" })
          .min(0, "A dimension score is from 0 to 10")
          .max(10, "A dimension score is from 0 to 10"),
      })
      .optional(),
    confidence: z.array(z.enum(LEVELS)).max(LEVELS.length).optional(),
    trainingValue: z.array(z.enum(LEVELS)).max(LEVELS.length).optional(),
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

// The plan file: a batch's conversations row by row (tier, persona, arc, topic, edge case, source
// chunk), as the wizard and `parley batch plan` write it and `batch create --plan` launches it.
// Ids decide; the names beside them are for reading. A row is only checked for shape here, so a
// hand-edited file's mistakes are reported row by row by checkPlanRows, not as a schema dump.
import { z } from "zod";
import type { Tier } from "../conversation-schema.ts";

export const PLAN_FILE_VERSION = 1;
/** As many conversations as one batch may have. */
export const MAX_PLAN_ROWS = 10_000;

const reference = z.string().max(200).nullable().optional();
const readableName = z.string().max(500).nullable().optional();

export const planRowSchema = z.object({
  tier: z.string().max(40),
  personaId: reference,
  persona: readableName,
  arcId: reference,
  arc: readableName,
  topicId: reference,
  topic: readableName,
  edgeCaseId: reference,
  edgeCase: readableName,
  sourceChunkId: reference,
  sourceChunk: readableName,
});
export type PlanRowInput = z.input<typeof planRowSchema>;

export const planRowsSchema = z
  .array(planRowSchema)
  .min(1, { message: "The plan has no rows: it needs at least one conversation" })
  .max(MAX_PLAN_ROWS, {
    message: `A plan holds at most ${MAX_PLAN_ROWS.toLocaleString("en-US")} rows; split it into several batches`,
  });

/** The file's envelope; `settings` is the batch's settings, checked by whoever launches it. */
export const planFileSchema = z.object({
  version: z.literal(PLAN_FILE_VERSION, {
    message: `This is not a version ${PLAN_FILE_VERSION} plan file ("version": ${PLAN_FILE_VERSION} is missing or different); download a plan again from this Parley`,
  }),
  rows: planRowsSchema,
  settings: z.record(z.string(), z.unknown()).optional(),
});
export type PlanFile = z.output<typeof planFileSchema>;

/** A checked row, with every reference resolved and its readable names filled in. */
export interface PlanRow {
  tier: Tier;
  personaId: string;
  persona: string;
  arcId: string;
  arc: string;
  topicId: string;
  topic: string;
  edgeCaseId: string | null;
  edgeCase: string | null;
  sourceChunkId: string | null;
  sourceChunk: string | null;
}

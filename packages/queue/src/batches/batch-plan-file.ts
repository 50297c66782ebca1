// A plan file as a batch is launched from it: generation's rows and envelope, with the batch's
// settings (the wizard's or `parley batch create`'s, minus the count) checked by the same schema
// a planned batch's are. What the API, the CLI and the wizard's upload all accept.
import { planFileSchema } from "@parley/generation";
import type { z } from "zod";
import { batchSettingsSchema } from "./batch-input.ts";

export const batchPlanFileSchema = planFileSchema.extend({
  settings: batchSettingsSchema.optional(),
});
export type BatchPlanFileInput = z.input<typeof batchPlanFileSchema>;
export type BatchPlanFile = z.output<typeof batchPlanFileSchema>;

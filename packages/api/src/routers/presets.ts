// Saved batch presets: list, save the wizard's settings under a name, rename or overwrite,
// delete, and apply (the settings re-checked as a launch would check them).
import {
  applyPreset,
  batchPlanInputSchema,
  batchSettingsSchema,
  deletePreset,
  listPresets,
  presetNameSchema,
  savePreset,
  updatePreset,
} from "@parley/queue";
import { z } from "zod";
import { adminProcedure, router, workspaceProcedure } from "../trpc.ts";

const settingsInput = z.intersection(batchPlanInputSchema, batchSettingsSchema);
const presetId = z.object({ presetId: z.uuid() });

const presetOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  settings: z.record(z.string(), z.unknown()),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const presetsRouter = router({
  list: workspaceProcedure
    .input(z.object({}).optional())
    .output(z.array(presetOutput))
    .query(({ ctx }) => listPresets(ctx.db, { workspaceId: ctx.workspace.id })),

  save: adminProcedure
    .input(z.object({ name: presetNameSchema, settings: settingsInput }))
    .output(presetOutput)
    .mutation(({ ctx, input }) =>
      savePreset(ctx.db, {
        workspaceId: ctx.workspace.id,
        name: input.name,
        input: input.settings,
        createdBy: ctx.user?.id ?? null,
      }),
    ),

  /** A new name, and/or the wizard's current settings in place of the saved ones. */
  update: adminProcedure
    .input(
      presetId
        .extend({ name: presetNameSchema.optional(), settings: settingsInput.optional() })
        .refine((input) => input.name !== undefined || input.settings !== undefined, {
          message: "Give the preset a new name or new settings",
        }),
    )
    .output(presetOutput)
    .mutation(({ ctx, input }) =>
      updatePreset(ctx.db, {
        workspaceId: ctx.workspace.id,
        presetId: input.presetId,
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.settings !== undefined ? { input: input.settings } : {}),
      }),
    ),

  delete: adminProcedure
    .input(presetId)
    .output(z.object({ deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deletePreset(ctx.db, { workspaceId: ctx.workspace.id, presetId: input.presetId });
      return { deleted: true as const };
    }),

  /** The settings to fill the wizard with, and why they would not launch as saved, if so. */
  load: workspaceProcedure
    .input(presetId)
    .output(
      z.object({
        preset: presetOutput,
        settings: z.record(z.string(), z.unknown()).nullable(),
        problem: z.string().nullable(),
      }),
    )
    .query(({ ctx, input }) =>
      applyPreset(ctx.db, {
        workspaceId: ctx.workspace.id,
        presetId: input.presetId,
        simulated: ctx.simulated,
        ...(ctx.simulator ? { simulator: ctx.simulator } : {}),
      }),
    ),
});

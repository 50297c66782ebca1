// Saved batch presets: the batch wizard's settings (or `parley batch create`'s flags) under a
// name. A preset is checked with the batch input schema when saved, and again when applied,
// together with what a launch checks (model lifecycle, templates), so a preset that went stale
// (a retired model, a template no longer active) says why instead of launching.
import {
  type BatchPreset,
  createBatchPreset,
  type Database,
  deleteBatchPreset,
  findBatchPreset,
  listBatchPresets,
  updateBatchPreset,
} from "@parley/db";
import { AppError } from "@parley/generation";
import { z } from "zod";
import {
  type CreateBatchInput,
  createBatchInputSchema,
  type ParsedCreateBatchInput,
} from "../batches/batch-input.ts";
import { type PreviewBatchOptions, previewBatch } from "../batches/plan-batch.ts";

export const presetNameSchema = z
  .string({ message: "Give the preset a name" })
  .trim()
  .min(1, { message: "Give the preset a name" })
  .max(80, { message: "A preset name has at most 80 characters" });

/** A preset's settings: a batch request without its seed (each launch plans afresh). */
export type PresetSettings = Omit<ParsedCreateBatchInput, "seed">;

export interface PresetView {
  id: string;
  name: string;
  settings: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

function view(preset: BatchPreset): PresetView {
  return {
    id: preset.id,
    name: preset.name,
    settings: preset.settings ?? {},
    createdAt: preset.createdAt,
    updatedAt: preset.updatedAt,
  };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) =>
      issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message,
    )
    .join("; ");
}

/** Validates settings as a batch request and drops the seed. */
export function presetSettings(input: CreateBatchInput): PresetSettings {
  const parsed = createBatchInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError(
      "BAD_REQUEST",
      `These settings would not launch a batch (${describeIssues(parsed.error)}); fix them before saving the preset.`,
    );
  }
  const { seed: _seed, ...settings } = parsed.data;
  return settings;
}

export async function listPresets(
  db: Database,
  options: { workspaceId: string },
): Promise<PresetView[]> {
  return (await listBatchPresets(db, options)).map(view);
}

export async function savePreset(
  db: Database,
  options: { workspaceId: string; name: string; input: CreateBatchInput; createdBy: string | null },
): Promise<PresetView> {
  const name = presetNameSchema.parse(options.name);
  const preset = await createBatchPreset(db, {
    workspaceId: options.workspaceId,
    name,
    settings: presetSettings(options.input),
    createdBy: options.createdBy,
  });
  return view(preset);
}

export async function updatePreset(
  db: Database,
  options: { workspaceId: string; presetId: string; name?: string; input?: CreateBatchInput },
): Promise<PresetView> {
  const preset = await updateBatchPreset(db, {
    workspaceId: options.workspaceId,
    presetId: options.presetId,
    ...(options.name !== undefined ? { name: presetNameSchema.parse(options.name) } : {}),
    ...(options.input !== undefined ? { settings: presetSettings(options.input) } : {}),
  });
  return view(preset);
}

export async function deletePreset(
  db: Database,
  options: { workspaceId: string; presetId: string },
): Promise<void> {
  if (!(await deleteBatchPreset(db, options))) throw AppError.notFound("Preset", options.presetId);
}

export async function requirePreset(
  db: Database,
  options: { workspaceId: string; presetId?: string; name?: string },
): Promise<BatchPreset> {
  const preset = await findBatchPreset(db, options);
  if (preset) return preset;
  if (options.name === undefined) throw AppError.notFound("Preset", options.presetId);
  const names = (await listBatchPresets(db, { workspaceId: options.workspaceId })).map(
    (row) => row.name,
  );
  throw new AppError(
    "NOT_FOUND",
    `No preset is named "${options.name}" in this workspace; the presets are: ${names.join(", ") || "(none yet)"}.`,
  );
}

export interface AppliedPreset {
  preset: PresetView;
  /** The settings to fill the wizard with; null when they no longer read as a batch request. */
  settings: PresetSettings | null;
  /** Why the preset would not launch as saved, in words a user can act on; null when it would. */
  problem: string | null;
}

/**
 * Reads a preset back for the wizard or the CLI: its settings re-checked against today's batch
 * schema, and previewed as a launch would be (model, templates, scaffolding) without storing.
 */
export async function applyPreset(
  db: Database,
  options: Omit<PreviewBatchOptions, "input"> & { presetId?: string; name?: string },
): Promise<AppliedPreset> {
  const preset = await requirePreset(db, options);
  const parsed = createBatchInputSchema.safeParse(preset.settings);
  if (!parsed.success) {
    return {
      preset: view(preset),
      settings: null,
      problem: `The preset "${preset.name}" no longer reads as a batch (${describeIssues(parsed.error)}); set the wizard up again and save it anew.`,
    };
  }
  const { seed: _seed, ...settings } = parsed.data;
  try {
    await previewBatch(db, { ...options, input: settings });
    return { preset: view(preset), settings, problem: null };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return {
      preset: view(preset),
      settings,
      problem: `The preset "${preset.name}" would not launch as saved: ${error.message}`,
    };
  }
}

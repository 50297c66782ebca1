// Plans as files: a planned batch written out as rows a person can read and edit (planBatchFile,
// for the wizard's "Review plan" and `parley batch plan`), and a plan file read back, checked row
// by row against the workspace's scaffolding and priced (previewPlanFile, which
// createBatchFromPlan launches). A file with any bad row is refused whole, every bad row named.

import type { Database } from "@parley/db";
import {
  AppError,
  buildCoverageReport,
  checkPlanRows,
  describePlanProblems,
  PLAN_FILE_VERSION,
  type PlanReferences,
  type PlanRow,
  type PlanRowProblem,
  plannedItemsFromRows,
  planRowsFromItems,
  TIERS,
  type Tier,
} from "@parley/generation";
import { batchSettingsSchema, type ParsedBatchSettings } from "./batch-input.ts";
import { type BatchPlanFileInput, batchPlanFileSchema } from "./batch-plan-file.ts";
import {
  type BatchPreview,
  loadLaunchContext,
  type PreviewBatchOptions,
  previewBatch,
  priceBatchPlan,
} from "./plan-batch.ts";
import { loadPlanReferences } from "./plan-references.ts";
import { planEntities } from "./scaffolding-mapping.ts";

/** A plan file refused for its rows; `problems` names each bad row for a page to mark. */
export class PlanRowsError extends AppError {
  readonly problems: PlanRowProblem[];

  constructor(problems: PlanRowProblem[]) {
    super("BAD_REQUEST", describePlanProblems(problems, { limit: 10 }), {
      problems: problems.slice(0, 100),
    });
    this.name = "PlanRowsError";
    this.problems = problems;
  }
}

/** A plan file as Parley writes it: every row resolved and named. */
export interface WrittenPlanFile {
  version: typeof PLAN_FILE_VERSION;
  rows: PlanRow[];
  settings: ParsedBatchSettings;
}

export type PlanFilePreview = BatchPreview & { rows: PlanRow[] };

/** The planner's plan for these settings as a file; nothing is stored. */
export async function planBatchFile(
  db: Database,
  options: PreviewBatchOptions,
): Promise<{ file: WrittenPlanFile; preview: BatchPreview }> {
  const preview = await previewBatch(db, options);
  const { scaffolding } = preview;
  const active = (rows: readonly { id: string; name: string }[]) =>
    rows.map(({ id, name }) => ({ id, name, retired: false }));
  const references: PlanReferences = {
    personas: active(scaffolding.personas),
    arcs: active(scaffolding.arcs),
    topics: active(scaffolding.topics),
    edgeCases: active(scaffolding.edgeCases),
    sourceChunks: active(scaffolding.sourceChunks.map(({ id, title }) => ({ id, name: title }))),
  };
  // The count, split and seed made the rows; the file carries the rows instead.
  const {
    count: _count,
    tierCounts: _counts,
    tierSplit: _split,
    seed: _seed,
    ...settings
  } = preview.input as ParsedBatchSettings &
    Record<"count" | "tierCounts" | "tierSplit" | "seed", unknown>;
  return {
    file: {
      version: PLAN_FILE_VERSION,
      rows: planRowsFromItems(preview.plan.items, references),
      settings,
    },
    preview,
  };
}

export interface PreviewPlanFileOptions extends Omit<PreviewBatchOptions, "input"> {
  file: BatchPlanFileInput;
}

/** Checks every row (throwing PlanRowsError when any is bad) and prices the plan as it stands. */
export async function previewPlanFile(
  db: Database,
  options: PreviewPlanFileOptions,
): Promise<PlanFilePreview> {
  const file = batchPlanFileSchema.parse(options.file);
  const settings = file.settings ?? batchSettingsSchema.parse({});
  const launch = await loadLaunchContext(db, options, settings);
  const checked = checkPlanRows(
    file.rows,
    await loadPlanReferences(db, { workspaceId: options.workspaceId }),
  );
  if (checked.problems.length > 0) throw new PlanRowsError(checked.problems);
  const items = plannedItemsFromRows(checked.rows);
  const tierCounts = Object.fromEntries(
    TIERS.map((tier) => [tier, items.filter((item) => item.tier === tier).length]),
  ) as Record<Tier, number>;
  const report = buildCoverageReport({ items, ...planEntities(launch.scaffolding) });
  const preview = await priceBatchPlan(db, options, launch, {
    input: settings,
    seed: null,
    plan: { items, tierCounts, report },
  });
  return { ...preview, rows: checked.rows };
}

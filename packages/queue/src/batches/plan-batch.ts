// Plans and prices a batch before anything is stored: the wizard's preview and the first half
// of creating one. Estimates learn from the workspace's own generation history when it has some;
// a simulated batch is timed by the simulator's own settings, which are known exactly.
import {
  type ActiveScaffolding,
  type ConsultantProfile,
  type Database,
  findActiveScaffolding,
  getTokenAveragesByTier,
} from "@parley/db";
import {
  AppError,
  type BatchEstimate,
  buildSystemBlock,
  type CoveragePlan,
  estimateBatch,
  estimateTokens,
  type LearnedProfile,
  type ModelChoice,
  planCoverage,
  SDK_DEFAULT_MODEL,
  type Tier,
} from "@parley/generation";
import {
  SIMULATED_JUDGE_OUTPUT_TOKENS,
  SIMULATED_TOKEN_PROFILES,
  SIMULATOR_DEFAULTS,
  type SimulatorOptions,
} from "@parley/simulator";
import {
  type LoadModelCatalogueOptions,
  resolveModelChoice,
} from "../models/load-model-catalogue.ts";
import {
  type CreateBatchInput,
  createBatchInputSchema,
  type ParsedBatchSettings,
} from "./batch-input.ts";
import { type BatchTemplate, resolveBatchTemplates } from "./batch-templates.ts";
import { consultantFromProfile, planEntities } from "./scaffolding-mapping.ts";

/** The newest non-deprecated Sonnet the installed SDK knows (see the model catalogue). */
export const DEFAULT_MODEL = SDK_DEFAULT_MODEL;
/** A typical Sonnet call writing a few thousand tokens, until the workspace's history says otherwise. */
const DEFAULT_LATENCY_MS = 45_000;
/**
 * What an automatic batch is timed with: one worker's default PARLEY_WORKER_CONCURRENCY. The
 * rate limits bound it further where they bind.
 */
export const AUTO_CONCURRENCY_FOR_ESTIMATES = 32;

export interface BatchPreview {
  /** The batch's settings (a planned batch's input carries its count and split as well). */
  input: ParsedBatchSettings;
  /** The planner's seed; null for a plan read from a file. */
  seed: number | null;
  plan: CoveragePlan;
  /** The prompt template each tier is shaped with, where one was chosen. */
  templates: Partial<Record<Tier, BatchTemplate>>;
  estimate: BatchEstimate;
  scaffolding: ActiveScaffolding;
  /** The checked model: its price (null: confirmed unknown) and a deprecated model's warning. */
  model: ModelChoice;
}

/** The simulated server's settings an estimate needs (PARLEY_SIM_LATENCY_MS, _BATCH_DELAY_MS). */
export type SimulatorTiming = Pick<SimulatorOptions, "latencyMs" | "batchDelayMs">;

export interface PreviewBatchOptions {
  workspaceId: string;
  input: CreateBatchInput;
  simulated: boolean;
  /** When simulated: the simulator's configured timing; its defaults where unset. */
  simulator?: SimulatorTiming;
  /** Prices from this process's PARLEY_MODEL_PRICES (the CLI); the worker's are stored. */
  installPrices?: LoadModelCatalogueOptions["installPrices"];
  /** How the user confirms an unpriced model where they are (a flag, a checkbox). */
  confirmHint?: string;
}

export async function previewBatch(
  db: Database,
  options: PreviewBatchOptions,
): Promise<BatchPreview> {
  const input = createBatchInputSchema.parse(options.input);
  const launch = await loadLaunchContext(db, options, input);
  const seed = input.seed ?? Math.floor(Math.random() * 2 ** 31);
  const plan = planCoverage({
    ...(input.tierCounts ? { tierCounts: input.tierCounts } : { count: input.count }),
    ...(input.tierSplit ? { tierSplit: input.tierSplit } : {}),
    ...planEntities(launch.scaffolding),
    seed,
  });
  return priceBatchPlan(db, options, launch, { input, seed, plan });
}

/** What every launch is checked and priced with, before its plan is made or read. */
export interface LaunchContext {
  choice: ModelChoice;
  scaffolding: ActiveScaffolding;
  consultantProfile: ConsultantProfile;
}

/**
 * Checks the model (a retired, unknown or unavailable model, or an unpriced one without the
 * confirmation, is refused here: before anything is planned or stored, never as a batch of failed
 * items) and loads the workspace's scaffolding, which must have a consultant profile.
 */
export async function loadLaunchContext(
  db: Database,
  options: Omit<PreviewBatchOptions, "input">,
  settings: Pick<ParsedBatchSettings, "model" | "acceptUnknownCost">,
): Promise<LaunchContext> {
  const { choice } = await resolveModelChoice(db, {
    workspaceId: options.workspaceId,
    simulated: options.simulated,
    model: settings.model,
    acceptUnknownCost: settings.acceptUnknownCost,
    ...(options.installPrices ? { installPrices: options.installPrices } : {}),
    ...(options.confirmHint ? { confirmHint: options.confirmHint } : {}),
  });
  const scaffolding = await findActiveScaffolding(db, { workspaceId: options.workspaceId });
  const { consultantProfile } = scaffolding;
  if (!consultantProfile) {
    throw new AppError(
      "PRECONDITION_FAILED",
      "This workspace has no consultant profile yet: add one under Scaffolding before generating.",
    );
  }
  return { choice, scaffolding, consultantProfile };
}

/** A plan (planned or read from a file) with its templates and estimate: the preview. */
export async function priceBatchPlan(
  db: Database,
  options: Omit<PreviewBatchOptions, "input">,
  launch: LaunchContext,
  planned: { input: ParsedBatchSettings; seed: number | null; plan: CoveragePlan },
): Promise<BatchPreview> {
  const { input, plan } = planned;
  const { choice, scaffolding, consultantProfile } = launch;
  const templates = resolveBatchTemplates(scaffolding, input, plan.tierCounts);

  const model = choice.model;
  const history = await getTokenAveragesByTier(db, {
    workspaceId: options.workspaceId,
    model,
    includeSimulated: options.simulated,
  });
  const learnedProfiles: Partial<Record<Tier, LearnedProfile>> = Object.fromEntries(
    history.map((row) => [
      row.tier,
      {
        averageInputTokens:
          row.avgInputTokens + row.avgCacheCreationTokens + row.avgCacheReadTokens,
        averageOutputTokens: row.avgOutputTokens,
        sampleCount: row.calls,
        ...(row.avgDurationMs === null ? {} : { averageLatencyMs: row.avgDurationMs }),
      },
    ]),
  );
  const systemBlock = buildSystemBlock(consultantFromProfile(consultantProfile));
  const estimate = estimateBatch({
    plan,
    model,
    price: choice.price,
    concurrency: input.concurrency ?? AUTO_CONCURRENCY_FOR_ESTIMATES,
    mode: input.mode,
    promptCaching: true,
    staticSystemTokens: estimateTokens(systemBlock),
    latencyMs: DEFAULT_LATENCY_MS,
    learnedProfiles,
    // The simulator answers shorter than a real model: its own lengths until history says more.
    ...(options.simulated
      ? {
          tokenProfiles: SIMULATED_TOKEN_PROFILES,
          judgeOutputTokens: SIMULATED_JUDGE_OUTPUT_TOKENS,
        }
      : {}),
    llmJudge: input.llmJudge,
    ...(options.simulated
      ? {
          simulatorLatencyMs: options.simulator?.latencyMs ?? SIMULATOR_DEFAULTS.latencyMs,
          messageBatchSeconds:
            (options.simulator?.batchDelayMs ?? SIMULATOR_DEFAULTS.batchDelayMs) / 1000,
        }
      : {}),
  });
  estimate.warnings.unshift(...choice.warnings);
  return { ...planned, templates, estimate, scaffolding, model: choice };
}

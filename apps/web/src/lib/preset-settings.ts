// A saved batch preset's settings (a batch request, as packages/queue checks it) turned back into
// the wizard's fields, so loading a preset fills the form exactly as it was when saved.
import type { ParameterRow } from "#lib/parameter-rows.ts";

type TierKey = "template" | "scenario" | "edge_case";
const TIERS: TierKey[] = ["template", "scenario", "edge_case"];

export interface WizardFields {
  name: string;
  planKind: "split" | "counts";
  count: number;
  /** Percentages, as the wizard shows them. */
  split: Record<TierKey, number>;
  tierCounts: Record<TierKey, number>;
  turnCount: number | null;
  qualityThreshold: number;
  llmJudge: boolean;
  templates: Record<TierKey, string>;
  parameters: ParameterRow[];
  autoConcurrency: boolean;
  concurrency: number;
  strategy: "continue" | "stop" | "threshold";
  threshold: number;
  priority: "high" | "normal" | "low";
  mode: "realtime" | "message_batches";
  budget: number | null;
  model: string | undefined;
  acceptUnknownCost: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const numberOr = (value: unknown, fallback: number) =>
  typeof value === "number" && Number.isFinite(value) ? value : fallback;

function perTier(value: unknown, scale: number, fallback: Record<TierKey, number>) {
  if (!isRecord(value)) return { ...fallback };
  return Object.fromEntries(
    TIERS.map((tier) => [tier, Math.round(numberOr(value[tier], 0) * scale * 1000) / 1000]),
  ) as Record<TierKey, number>;
}

/** The wizard's fields for these settings; anything a preset leaves out takes the wizard's default. */
export function wizardFieldsFromPreset(settings: Record<string, unknown>): WizardFields {
  const strategy = typeof settings.errorStrategy === "string" ? settings.errorStrategy : "continue";
  const threshold = /^threshold:(\d+)$/.exec(strategy);
  const templates = isRecord(settings.templates) ? settings.templates : {};
  const parameters = isRecord(settings.parameters) ? settings.parameters : {};
  const concurrency = settings.concurrency;
  return {
    name: typeof settings.name === "string" ? settings.name : "",
    planKind: isRecord(settings.tierCounts) ? "counts" : "split",
    count: numberOr(settings.count, 10),
    split: perTier(settings.tierSplit, 100, { template: 70, scenario: 20, edge_case: 10 }),
    tierCounts: perTier(settings.tierCounts, 1, { template: 7, scenario: 2, edge_case: 1 }),
    turnCount: typeof settings.turnCount === "number" ? settings.turnCount : null,
    qualityThreshold: numberOr(settings.qualityThreshold, 7),
    llmJudge: settings.llmJudge === true,
    templates: Object.fromEntries(
      TIERS.map((tier) => [tier, typeof templates[tier] === "string" ? templates[tier] : ""]),
    ) as Record<TierKey, string>,
    parameters: Object.entries(parameters).map(([key, value]) => ({ key, value: String(value) })),
    autoConcurrency: typeof concurrency !== "number",
    concurrency: typeof concurrency === "number" ? concurrency : 10,
    strategy: threshold ? "threshold" : strategy === "stop" ? "stop" : "continue",
    threshold: threshold ? Number(threshold[1]) : 3,
    priority:
      settings.priority === "high" || settings.priority === "low" ? settings.priority : "normal",
    mode: settings.mode === "message_batches" ? "message_batches" : "realtime",
    budget: typeof settings.budgetUsd === "number" ? settings.budgetUsd : null,
    model: typeof settings.model === "string" ? settings.model : undefined,
    acceptUnknownCost: settings.acceptUnknownCost === true,
  };
}

// `parley batch create` flags → a validated batch request. Pure (no database). A bad flag becomes
// one line naming the flag and what it takes; the rest is checked by the same schema the web uses.
import { AppError, TIERS, type Tier } from "@parley/generation";
import {
  type BatchSettingsInput,
  type CreateBatchInput,
  createBatchInputSchema,
} from "@parley/queue";
import type { CliOptions } from "../cli-options.ts";

/** A numeric flag, or undefined when not given; anything but a number is refused naming the flag. */
export function numberFlag(flags: CliOptions, name: string): number | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (typeof raw !== "string" || raw.trim() === "" || !Number.isFinite(value))
    throw new AppError("BAD_REQUEST", `--${name} must be a number (got "${String(raw)}").`);
  return value;
}

/** --concurrency: "auto" or a ceiling (the schema says what a valid ceiling is). */
export function concurrencyFlag(flags: CliOptions): number | "auto" | undefined {
  return flags.concurrency === "auto" ? "auto" : numberFlag(flags, "concurrency");
}

/** `parley batch update <id> --concurrency N|auto --budget USD`: what to change. */
export function parseBatchUpdate(flags: CliOptions): {
  concurrency?: number | "auto";
  budgetUsd?: number;
} {
  const concurrency = concurrencyFlag(flags);
  const budgetUsd = numberFlag(flags, "budget");
  if (concurrency === undefined && budgetUsd === undefined) {
    throw new AppError(
      "BAD_REQUEST",
      "batch update: say what to change: --concurrency N (or auto) and/or --budget USD",
    );
  }
  return {
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(budgetUsd !== undefined ? { budgetUsd } : {}),
  };
}

/** "template=7,scenario=2,edge_case=1": every tier named once at most, the others 0. */
function tierNumbers(flag: string, raw: string, example: string): Record<Tier, number> {
  const values: Record<Tier, number> = { template: 0, scenario: 0, edge_case: 0 };
  const seen = new Set<string>();
  for (const part of raw
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)) {
    const [name = "", value] = part.split("=");
    if (!(TIERS as readonly string[]).includes(name)) {
      throw new AppError(
        "BAD_REQUEST",
        `${flag}: unknown tier "${name}"; use ${TIERS.join(", ")}, e.g. ${example}`,
      );
    }
    if (seen.has(name)) throw new AppError("BAD_REQUEST", `${flag}: "${name}" is given twice`);
    seen.add(name);
    const number = Number(value);
    if (value === undefined || value.trim() === "" || !Number.isFinite(number) || number < 0) {
      throw new AppError("BAD_REQUEST", `${flag}: "${part}" needs a number, e.g. ${example}`);
    }
    values[name as Tier] = number;
  }
  if (seen.size === 0) throw new AppError("BAD_REQUEST", `${flag}: name a tier, e.g. ${example}`);
  return values;
}

/** Repeated `--param key=value` flags; a value may itself contain "=". */
function sharedParameters(raw: CliOptions[string]): Record<string, string> {
  const entries = raw === undefined ? [] : Array.isArray(raw) ? raw : [String(raw)];
  const parameters: Record<string, string> = {};
  for (const entry of entries) {
    const at = entry.indexOf("=");
    if (at <= 0) {
      throw new AppError(
        "BAD_REQUEST",
        `--param: "${entry}" needs the form name=value, e.g. region=UK`,
      );
    }
    const name = entry.slice(0, at).trim();
    if (name in parameters) throw new AppError("BAD_REQUEST", `--param: "${name}" is given twice`);
    parameters[name] = entry.slice(at + 1);
  }
  return parameters;
}

/**
 * Repeated `--template tier=KEY_OR_ID`: the prompt template a tier follows, by its key (the
 * active version is used) or a version's id. The command resolves keys to ids.
 */
export function templateRefs(raw: CliOptions[string]): Partial<Record<Tier, string>> {
  const entries = raw === undefined ? [] : Array.isArray(raw) ? raw : [String(raw)];
  const templates: Partial<Record<Tier, string>> = {};
  for (const entry of entries) {
    const [tier = "", id] = entry.split("=");
    if (!(TIERS as readonly string[]).includes(tier) || !id) {
      throw new AppError(
        "BAD_REQUEST",
        `--template: "${entry}" needs the form tier=TEMPLATE_KEY with a tier of ${TIERS.join(", ")}`,
      );
    }
    if (tier in templates)
      throw new AppError("BAD_REQUEST", `--template: "${tier}" is given twice`);
    templates[tier as Tier] = id;
  }
  return templates;
}

/**
 * A saved preset's settings with the flags given on top: a flag wins over the preset's value; a
 * plan flag (--count, --tiers, --tier-split) replaces the preset's plan where they would clash;
 * --param and --template add to (or replace by name/tier) the preset's own.
 */
export function overlayPreset(
  preset: Record<string, unknown>,
  flags: Record<string, unknown>,
): Record<string, unknown> {
  const base = { ...preset };
  if (flags.tierCounts !== undefined) {
    delete base.count;
    delete base.tierSplit;
  }
  if (flags.count !== undefined || flags.tierSplit !== undefined) delete base.tierCounts;
  const given = Object.fromEntries(
    Object.entries(flags).filter(([, value]) => value !== undefined),
  );
  const record = (value: unknown) =>
    typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  return {
    ...base,
    ...given,
    parameters: { ...record(base.parameters), ...record(flags.parameters) },
    templates: { ...record(base.templates), ...record(flags.templates) },
  };
}

/** `templates`: each tier's template version id, as resolved from `templateRefs(flags.template)`. */
export function parseBatchCreate(
  flags: CliOptions,
  templates: Partial<Record<Tier, string>> = {},
  preset?: Record<string, unknown>,
): CreateBatchInput {
  const tiers = typeof flags.tiers === "string" ? flags.tiers : undefined;
  const tierSplit = typeof flags["tier-split"] === "string" ? flags["tier-split"] : undefined;
  if (tiers !== undefined && (flags.count !== undefined || tierSplit !== undefined)) {
    throw new AppError(
      "BAD_REQUEST",
      "--tiers gives exact counts per tier: use it instead of --count and --tier-split",
    );
  }
  let split: Record<Tier, number> | undefined;
  if (tierSplit !== undefined) {
    split = tierNumbers("--tier-split", tierSplit, "template=0.7,scenario=0.2,edge_case=0.1");
    const total = split.template + split.scenario + split.edge_case;
    if (Math.abs(total - 1) > 1e-6) {
      throw new AppError(
        "BAD_REQUEST",
        `--tier-split: the shares add up to ${Math.round(total * 1000) / 1000}, not 1`,
      );
    }
  }
  const given = {
    ...(tiers !== undefined
      ? { tierCounts: tierNumbers("--tiers", tiers, "template=7,scenario=2,edge_case=1") }
      : { count: numberFlag(flags, "count") }),
    ...(split ? { tierSplit: split } : {}),
    seed: numberFlag(flags, "seed"),
    ...batchSettingsFlags(flags, templates),
  };
  return createBatchInputSchema.parse(preset ? overlayPreset(preset, given) : given);
}

/**
 * The batch settings the flags give (everything but the count, split and seed), leaving out those
 * not given: over a plan file's own settings, only what was typed replaces what the file says.
 */
export function batchSettingsFlags(
  flags: CliOptions,
  templates: Partial<Record<Tier, string>> = {},
): BatchSettingsInput {
  const mode = flags.mode === "message-batches" ? "message_batches" : flags.mode;
  const parameters = sharedParameters(flags.param);
  const given = {
    concurrency: concurrencyFlag(flags),
    errorStrategy: flags["error-strategy"],
    priority: flags.priority,
    mode,
    budgetUsd: numberFlag(flags, "budget"),
    name: flags.name,
    model: flags.model,
    acceptUnknownCost: flags["accept-unknown-cost"] === true ? true : undefined,
    turnCount: numberFlag(flags, "turns"),
    qualityThreshold: numberFlag(flags, "quality-threshold"),
    llmJudge: flags.judge === true ? true : undefined,
    parameters: Object.keys(parameters).length > 0 ? parameters : undefined,
    templates: Object.keys(templates).length > 0 ? templates : undefined,
  };
  return Object.fromEntries(
    Object.entries(given).filter(([, value]) => value !== undefined),
  ) as BatchSettingsInput;
}

/** The count, split and seed make a plan; with --plan the file already is one. */
export function refusePlanningFlags(flags: CliOptions): void {
  const clash = ["count", "tiers", "tier-split", "seed"].find((flag) => flags[flag] !== undefined);
  if (clash) {
    throw new AppError(
      "BAD_REQUEST",
      `--plan gives the rows, so --${clash} has nothing to plan: drop it (or drop --plan)`,
    );
  }
}
